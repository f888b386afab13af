using System;
using System.Linq;

namespace ApiKeyAdmin
{
    /// <summary>
    /// The settings one Set-ApiKeyStorePolicy call changes. A date that was set to null is cleared; a date never set
    /// is left as it is, which is why each date records whether it was given.
    /// </summary>
    public sealed class StorePolicyChange
    {
        private DateTimeOffset? newKeysUntil;
        private DateTimeOffset? sunsetAt;

        /// <summary>The new reveal setting, or null to leave it.</summary>
        public RevealPolicy? Reveal { get; set; }

        /// <summary>The new cut-off for first standard keys; null clears it. Ignored unless set.</summary>
        public DateTimeOffset? NewKeysUntil
        {
            get => newKeysUntil;
            set
            {
                newKeysUntil = value;
                ChangesNewKeysUntil = true;
            }
        }

        /// <summary>The new sunset of standard keys; null clears it. Ignored unless set.</summary>
        public DateTimeOffset? SunsetAt
        {
            get => sunsetAt;
            set
            {
                sunsetAt = value;
                ChangesSunsetAt = true;
            }
        }

        /// <summary>True when <see cref="NewKeysUntil"/> was set, to a date or to null.</summary>
        public bool ChangesNewKeysUntil { get; private set; }

        /// <summary>True when <see cref="SunsetAt"/> was set, to a date or to null.</summary>
        public bool ChangesSunsetAt { get; private set; }

        /// <summary>The names of the settings this change sets, comma-separated, for the audit row of a refusal.</summary>
        internal string Names => string.Join(", ", new[]
        {
            Reveal.HasValue ? nameof(Reveal) : null,
            ChangesNewKeysUntil ? nameof(NewKeysUntil) : null,
            ChangesSunsetAt ? nameof(SunsetAt) : null,
        }.Where(name => name != null));

        /// <summary>Throws NoPolicySetting when the change names no setting at all.</summary>
        public void Validate()
        {
            if (!Reveal.HasValue && !ChangesNewKeysUntil && !ChangesSunsetAt)
            {
                throw Fail.NoPolicySetting();
            }
        }
    }
}
