using System;
using ApiKeyAdmin.Audit;
using ApiKeyAdmin.Storage;
using Xunit;

namespace ApiKeyAdmin.Tests.Audit
{
    /// <summary>The one chain step that appending, copying and checking share.</summary>
    public sealed class AuditChainStepTests
    {
        private static readonly byte[] Key = new byte[32];

        private static readonly DateTimeOffset At = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

        [Fact]
        public void Next_numbers_the_row_after_the_head_and_links_it_to_the_heads_tag()
        {
            var writer = new AuditChain(Key, AuditHead.Empty);
            AuditRecord first = writer.Next(At, "alice", AuditAction.Created, "acme", "key_1", null);
            AuditRecord second = writer.Next(At, "alice", AuditAction.Viewed, null, null, "shown");

            Assert.Equal(1, first.Sequence);
            Assert.Equal(2, second.Sequence);
            Assert.Equal(string.Empty, second.Account);
            Assert.Equal(second.Tag, writer.Tag);
            var resumed = new AuditChain(Key, new AuditHead(1, first.Tag));
            Assert.True(resumed.Verifies(second));
            Assert.Equal(2, resumed.Sequence);
        }

        [Fact]
        public void A_changed_row_does_not_verify_and_leaves_the_chain_where_it_was()
        {
            AuditRecord row = new AuditChain(Key, AuditHead.Empty).Next(At, "alice", AuditAction.Created, "acme", "key_1", "made");
            row.Detail = "nothing to see";
            var checker = new AuditChain(Key, AuditHead.Empty);

            Assert.False(checker.Verifies(row));
            Assert.Equal(0, checker.Sequence);
            Assert.Equal(AuditHead.Empty.Tag, checker.Tag);
        }

        [Fact]
        public void Seal_relinks_a_row_under_another_key_as_a_copy_does()
        {
            AuditRecord row = new AuditChain(Key, AuditHead.Empty).Next(At, "alice", AuditAction.Created, "acme", "key_1", "made");
            byte[] otherKey = new byte[32];
            otherKey[0] = 1;

            new AuditChain(otherKey, AuditHead.Empty).Seal(row);

            Assert.False(new AuditChain(Key, AuditHead.Empty).Verifies(row));
            Assert.True(new AuditChain(otherKey, AuditHead.Empty).Verifies(row));
            Assert.Equal(1, row.Sequence);
        }
    }
}
