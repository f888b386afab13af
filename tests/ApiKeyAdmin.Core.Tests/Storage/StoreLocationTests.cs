using System;
using System.IO;
using ApiKeyAdmin.Storage;
using Xunit;

namespace ApiKeyAdmin.Tests.Storage
{
    /// <summary>Where the store is. These tests set process environment variables, so they live in one class and restore them.</summary>
    public sealed class StoreLocationTests : IDisposable
    {
        private readonly string savedStore = Environment.GetEnvironmentVariable(StoreLocation.EnvironmentVariable);
        private readonly string savedDataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");

        public void Dispose()
        {
            Environment.SetEnvironmentVariable(StoreLocation.EnvironmentVariable, savedStore);
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", savedDataHome);
        }

        [Fact]
        public void An_explicit_path_beats_the_environment_variable_and_is_made_absolute()
        {
            Environment.SetEnvironmentVariable(StoreLocation.EnvironmentVariable, Path.Combine(Path.GetTempPath(), "from-env.db"));

            Assert.Equal(Path.GetFullPath("relative/keys.db"), StoreLocation.Resolve("relative/keys.db"));
        }

        [Fact]
        public void The_environment_variable_beats_the_per_user_default()
        {
            string fromEnv = Path.Combine(Path.GetTempPath(), "from-env.db");
            Environment.SetEnvironmentVariable(StoreLocation.EnvironmentVariable, fromEnv);

            Assert.Equal(fromEnv, StoreLocation.Resolve(null));
            Assert.Equal(fromEnv, StoreLocation.Resolve(string.Empty));
        }

        [UnixFact]
        public void The_default_is_apikeys_db_under_XDG_DATA_HOME_or_the_local_share_folder()
        {
            Environment.SetEnvironmentVariable(StoreLocation.EnvironmentVariable, null);
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", "/srv/data");
            Assert.Equal("/srv/data/ApiKeyAdmin/apikeys.db", StoreLocation.Resolve(null));

            // A relative XDG_DATA_HOME is invalid by the spec and ignored.
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", "relative");
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            Assert.Equal(Path.Combine(home, ".local", "share", "ApiKeyAdmin", "apikeys.db"), StoreLocation.Resolve(null));
        }
    }
}
