using Xunit;

namespace ApiKeyAdmin.TestSupport
{
    /// <summary>A fact that runs only where its subject can be run as an unprivileged user, and otherwise reports itself skipped with the reason.</summary>
    public sealed class UnprivilegedFactAttribute : FactAttribute
    {
        public UnprivilegedFactAttribute()
        {
            Skip = UnprivilegedChild.SkipReason;
        }
    }
}
