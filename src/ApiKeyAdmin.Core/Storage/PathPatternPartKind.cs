namespace ApiKeyAdmin.Storage
{
    /// <summary>What one part of a <see cref="PathPattern"/> matches.</summary>
    public enum PathPatternPartKind
    {
        /// <summary>One character, without regard to case.</summary>
        Literal,

        /// <summary>Any run of characters, the empty one included (<c>*</c>).</summary>
        AnyRun,

        /// <summary>Any one character (<c>?</c>).</summary>
        AnyOne,

        /// <summary>One character of a set (<c>[a-z]</c>).</summary>
        Set,
    }
}
