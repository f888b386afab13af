namespace ApiKeyAdmin.Storage
{
    /// <summary>One part of a <see cref="PathPattern"/>: a literal character, a wildcard, or a set of characters.</summary>
    public sealed class PathPatternPart
    {
        internal PathPatternPart(PathPatternPartKind kind, char literal, string set)
        {
            Kind = kind;
            Literal = literal;
            Set = set;
        }

        /// <summary>What the part matches.</summary>
        public PathPatternPartKind Kind { get; }

        /// <summary>The character of a <see cref="PathPatternPartKind.Literal"/> part, matched without regard to case.</summary>
        public char Literal { get; }

        /// <summary>
        /// The members of a <see cref="PathPatternPartKind.Set"/> part, single characters and ranges <c>a-z</c>, with both
        /// cases of each letter already listed; null for other parts.
        /// </summary>
        public string Set { get; }
    }
}
