using System;
using System.Security.Cryptography;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;
using ApiKeyAdmin.Text;

namespace ApiKeyAdmin.Audit
{
    /// <summary>
    /// The tamper-evident chain, followed one row at a time: each row's tag is HMAC-SHA-256, under a key derived from the
    /// store's data-protection key, over the previous row's tag and the row's canonical content. Editing, removing,
    /// inserting or reordering rows breaks every tag from there on, and the stored head catches rows cut off the end.
    /// Appending, copying and checking all take this one step.
    /// </summary>
    internal sealed class AuditChain
    {
        private readonly byte[] auditKey;

        /// <summary>A chain under <paramref name="auditKey"/> that continues after <paramref name="head"/>.</summary>
        internal AuditChain(byte[] auditKey, AuditHead head)
        {
            this.auditKey = auditKey;
            Sequence = head.Sequence;
            Tag = head.Tag;
        }

        /// <summary>The sequence number of the last row followed.</summary>
        internal long Sequence { get; private set; }

        /// <summary>The tag of the last row followed: what the next row's tag covers.</summary>
        internal byte[] Tag { get; private set; }

        /// <summary>A new row after the last one, sealed with its tag.</summary>
        internal AuditRecord Next(DateTimeOffset at, string actor, AuditAction action, string account, string keyId, string detail)
        {
            var row = new AuditRecord
            {
                Sequence = Sequence + 1,
                Timestamp = at,
                Actor = actor,
                Action = action,
                Account = account ?? string.Empty,
                KeyId = keyId ?? string.Empty,
                Detail = SafeText.Escape(detail) ?? string.Empty,
            };
            Seal(row);
            return row;
        }

        /// <summary>Gives an existing row the tag that links it to this chain, and follows it.</summary>
        internal void Seal(AuditRecord row)
        {
            row.Tag = TagOf(row);
            Follow(row);
        }

        /// <summary>True, and follows the row, when its tag is the one this chain gives it; false leaves the chain as it was.</summary>
        internal bool Verifies(AuditRecord row)
        {
            if (!SecretHash.FixedTimeEquals(TagOf(row), row.Tag))
            {
                return false;
            }

            Follow(row);
            return true;
        }

        private void Follow(AuditRecord row)
        {
            Sequence = row.Sequence;
            Tag = row.Tag;
        }

        private byte[] TagOf(AuditRecord row)
        {
            using (var canonical = new Canonical())
            using (var hmac = new HMACSHA256(auditKey))
            {
                canonical.Add(Tag).Add(row.Sequence).Add(row.Timestamp).Add(row.Actor).Add(row.Action.ToString())
                    .Add(row.Account).Add(row.KeyId).Add(row.Detail);
                return hmac.ComputeHash(canonical.ToArray());
            }
        }
    }
}
