using System;

namespace ApiKeyAdmin
{
    /// <summary>One column of an exported log: the property's name and how to read its value from a row.</summary>
    internal sealed class LogColumn<T>
    {
        internal LogColumn(string name, Func<T, object> value)
        {
            Name = name;
            Value = value;
        }

        /// <summary>The property name, which is the CSV header and the JSON member name.</summary>
        internal string Name { get; }

        /// <summary>The row's value: a string, number, enum, DateTimeOffset, or null.</summary>
        internal Func<T, object> Value { get; }
    }
}
