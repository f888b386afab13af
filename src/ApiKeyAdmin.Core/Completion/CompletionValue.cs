namespace ApiKeyAdmin
{
    /// <summary>One tab-completion value and the tooltip that says what it is.</summary>
    public sealed class CompletionValue
    {
        /// <summary>Pairs a value with its tooltip.</summary>
        public CompletionValue(string value, string toolTip)
        {
            Value = value;
            ToolTip = toolTip;
        }

        /// <summary>The value as completed.</summary>
        public string Value { get; }

        /// <summary>What the value is; for a key id, the key's account, kind and status.</summary>
        public string ToolTip { get; }
    }
}
