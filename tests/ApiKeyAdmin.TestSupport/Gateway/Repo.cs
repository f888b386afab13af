using System;
using System.IO;

namespace ApiKeyAdmin.TestSupport.Gateway
{
    /// <summary>Where the repository and the built service are, found from the test assembly's folder.</summary>
    internal static class Repo
    {
        /// <summary>The repository root: the first folder above the tests that holds ApiKeyAdmin.sln.</summary>
        internal static readonly string Root = FindRoot();

        /// <summary>The service as dotnet build -c Release lays it out.</summary>
        internal static string GatewayDll => Path.Combine(Root, "out", "ApiKeyAdmin.Gateway", "ApiKeyAdmin.Gateway.dll");

        /// <summary>docs/gateway.md, whose nginx and Caddy blocks the tests run.</summary>
        internal static string GatewayDoc => Path.Combine(Root, "docs", "gateway.md");

        private static string FindRoot()
        {
            for (string folder = AppContext.BaseDirectory; folder != null; folder = Path.GetDirectoryName(folder))
            {
                if (File.Exists(Path.Combine(folder, "ApiKeyAdmin.sln")))
                {
                    return folder;
                }
            }

            throw new InvalidOperationException("No ApiKeyAdmin.sln above " + AppContext.BaseDirectory);
        }
    }
}
