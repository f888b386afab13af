namespace ApiKeyAdmin
{
    /// <summary>The result of checking the audit chain.</summary>
    public sealed class AuditVerification
    {
        /// <summary>Creates a result.</summary>
        public AuditVerification(bool isValid, long rowsChecked, long? firstInvalidSequence, string reason)
        {
            IsValid = isValid;
            RowsChecked = rowsChecked;
            FirstInvalidSequence = firstInvalidSequence;
            Reason = reason ?? string.Empty;
        }

        /// <summary>True when every row and the head verify.</summary>
        public bool IsValid { get; }

        /// <summary>How many rows were read.</summary>
        public long RowsChecked { get; }

        /// <summary>The first row that was altered, removed or inserted out of order; null when valid.</summary>
        public long? FirstInvalidSequence { get; }

        /// <summary>What was found.</summary>
        public string Reason { get; }
    }
}
