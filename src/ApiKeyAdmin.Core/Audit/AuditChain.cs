using System.Security.Cryptography;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Audit
{
    /// <summary>
    /// The tamper-evident chain: each row's tag is HMAC-SHA-256, under a key derived from the store's data-protection
    /// key, over the previous row's tag and the row's canonical content. Editing, removing, inserting or reordering rows
    /// breaks every tag from there on, and the stored head catches rows cut off the end.
    /// </summary>
    internal static class AuditChain
    {
        internal static byte[] Tag(byte[] auditKey, byte[] previousTag, AuditRecord row)
        {
            using (var canonical = new Canonical())
            using (var hmac = new HMACSHA256(auditKey))
            {
                canonical.Add(previousTag).Add(row.Sequence).Add(row.Timestamp).Add(row.Actor).Add(row.Action.ToString())
                    .Add(row.Account).Add(row.KeyId).Add(row.Detail);
                return hmac.ComputeHash(canonical.ToArray());
            }
        }
    }
}
