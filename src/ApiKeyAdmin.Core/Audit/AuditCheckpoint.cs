using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using ApiKeyAdmin.Secrets;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Audit
{
    /// <summary>
    /// A store's audit head at one moment, signed, for an admin to keep away from the store: a later chain that does
    /// not reach the checkpoint's row with its tag was rolled back. A small JSON object with fixed members (store id,
    /// sequence, head tag, time) and an HMAC-SHA-256 over them under a key derived from the store's data-protection
    /// key, so only the store's owner can make one and any edit shows.
    /// </summary>
    internal sealed class AuditCheckpoint
    {
        private const string Format = "yyyy-MM-ddTHH:mm:ss.fffZ";

        // The MAC a file carried, set when one is read.
        private byte[] mac;

        internal AuditCheckpoint(string storeId, AuditHead head, DateTimeOffset createdAt)
        {
            StoreId = storeId;
            Head = head;
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(createdAt.ToUnixTimeMilliseconds());
        }

        internal string StoreId { get; }

        internal AuditHead Head { get; }

        internal DateTimeOffset CreatedAt { get; }

        /// <summary>How the checkpoint is named in findings.</summary>
        internal string Description => "the checkpoint of " + CreatedAt.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

        /// <summary>The file's text, signed under <paramref name="checkpointKey"/>.</summary>
        internal string ToText(byte[] checkpointKey) =>
            "{\n" +
            $"  \"storeId\": \"{StoreId}\",\n" +
            $"  \"sequence\": {Head.Sequence.ToString(CultureInfo.InvariantCulture)},\n" +
            $"  \"head\": \"{Convert.ToBase64String(Head.Tag)}\",\n" +
            $"  \"createdAt\": \"{CreatedAt.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture)}\",\n" +
            $"  \"mac\": \"{Convert.ToBase64String(Mac(checkpointKey))}\"\n" +
            "}\n";

        /// <summary>
        /// Reads a checkpoint file of the store <paramref name="storeId"/>: InvalidCheckpoint when it cannot be read, is
        /// not one, belongs to another store or fails its HMAC.
        /// </summary>
        internal static AuditCheckpoint Read(string path, string storeId, byte[] checkpointKey)
        {
            string text;
            try
            {
                text = File.ReadAllText(path, Encoding.UTF8);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                throw Fail.InvalidCheckpoint(path, "it cannot be read", ex);
            }

            AuditCheckpoint checkpoint = Parse(text) ?? throw Fail.InvalidCheckpoint(path, "it is not in the checkpoint format Export-ApiKeyAuditCheckpoint writes");
            if (!string.Equals(checkpoint.StoreId, storeId, StringComparison.Ordinal))
            {
                throw Fail.InvalidCheckpoint(path, $"it was made for store {checkpoint.StoreId}, and this store is {storeId}");
            }

            if (!SecretHash.FixedTimeEquals(checkpoint.Mac(checkpointKey), checkpoint.mac))
            {
                throw Fail.InvalidCheckpoint(path, "its signature does not match its content: it was edited, or made with another data-protection key");
            }

            return checkpoint;
        }

        // Exactly the text ToText writes, member by member: anything else is not a checkpoint.
        private static AuditCheckpoint Parse(string text)
        {
            string[] lines = text.Replace("\r\n", "\n").Split('\n');
            if (lines.Length != 8 || lines[0] != "{" || lines[6] != "}" || lines[7].Length != 0)
            {
                return null;
            }

            string storeId = Member(lines[1], "storeId", quoted: true, last: false);
            string sequence = Member(lines[2], "sequence", quoted: false, last: false);
            string head = Member(lines[3], "head", quoted: true, last: false);
            string createdAt = Member(lines[4], "createdAt", quoted: true, last: false);
            string signature = Member(lines[5], "mac", quoted: true, last: true);
            if (storeId == null || head == null || signature == null
                || !long.TryParse(sequence, NumberStyles.None, CultureInfo.InvariantCulture, out long seq)
                || !DateTimeOffset.TryParseExact(createdAt, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset at))
            {
                return null;
            }

            try
            {
                return new AuditCheckpoint(storeId, new AuditHead(seq, Convert.FromBase64String(head)), at) { mac = Convert.FromBase64String(signature) };
            }
            catch (FormatException)
            {
                return null;
            }
        }

        private static string Member(string line, string name, bool quoted, bool last)
        {
            string prefix = $"  \"{name}\": " + (quoted ? "\"" : string.Empty);
            string suffix = (quoted ? "\"" : string.Empty) + (last ? string.Empty : ",");
            if (!line.StartsWith(prefix, StringComparison.Ordinal) || !line.EndsWith(suffix, StringComparison.Ordinal) || line.Length < prefix.Length + suffix.Length)
            {
                return null;
            }

            string value = line.Substring(prefix.Length, line.Length - prefix.Length - suffix.Length);
            return value.IndexOf('"') >= 0 || value.IndexOf('\\') >= 0 ? null : value;
        }

        private byte[] Mac(byte[] checkpointKey)
        {
            using (var canonical = new Canonical())
            using (var hmac = new HMACSHA256(checkpointKey))
            {
                canonical.Add(StoreId).Add(Head.Sequence).Add(Head.Tag).Add(CreatedAt);
                return hmac.ComputeHash(canonical.ToArray());
            }
        }
    }
}
