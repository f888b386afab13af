using System;
using Xunit;

namespace ApiKeyAdmin.Tests
{
    /// <summary>What the capability tests share: a throwaway store of a kind, its manager acting as the owner, and its clock.</summary>
    public abstract class ManagerTestBase : IDisposable
    {
        protected ManagerTestBase(StoreKind kind)
        {
            Store = new TestStore(kind);
        }

        /// <summary>The manager, acting as <see cref="TestStore.Owner"/>.</summary>
        protected ApiKeyManager Manager => Store.Manager;

        private protected TestStore Store { get; }

        private protected TestClock Clock => Store.Clock;

        public void Dispose() => Store.Dispose();

        /// <summary>The core error <paramref name="action"/> throws.</summary>
        protected static ApiKeyAdminException Fails(Action action) => Assert.ThrowsAny<ApiKeyAdminException>(action);

        /// <summary>The core error <paramref name="action"/> throws.</summary>
        protected static ApiKeyAdminException Fails(Func<object> action) => Assert.ThrowsAny<ApiKeyAdminException>(() => action());
    }
}
