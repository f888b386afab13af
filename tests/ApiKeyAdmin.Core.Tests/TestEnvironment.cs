using System.Runtime.CompilerServices;
using ApiKeyAdmin.TestSupport;

namespace ApiKeyAdmin.Tests
{
    /// <summary>Process-wide settings made once, before any test runs.</summary>
    internal static class TestEnvironment
    {
        [ModuleInitializer]
        internal static void Initialize() => StateIsolation.Begin("ApiKeyAdmin.Core.Tests");
    }
}
