namespace ApiKeyAdmin
{
    /// <summary>The width of the buckets that the call log is counted in; buckets start on UTC boundaries.</summary>
    public enum CallInterval
    {
        /// <summary>One bucket per UTC hour.</summary>
        Hour = 0,

        /// <summary>One bucket per UTC day, from midnight.</summary>
        Day = 1,
    }
}
