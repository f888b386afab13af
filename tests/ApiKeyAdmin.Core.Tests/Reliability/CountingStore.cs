using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin.Tests.Reliability
{
    /// <summary>
    /// A store that counts every call by member name and passes it on to a real one. A proxy rather than a hand-written
    /// decorator, so that members the seam gains later are counted too.
    /// </summary>
    public class CountingStore : DispatchProxy
    {
        private IKeyStore inner;

        /// <summary>Calls so far, by member name (get_Exists, Read, FindKeyByHash, …).</summary>
        internal ConcurrentDictionary<string, int> Calls { get; } = new ConcurrentDictionary<string, int>();

        /// <summary>The store to hand to the code under test, and the counter behind it.</summary>
        internal static (IKeyStore Store, CountingStore Counter) Wrap(IKeyStore inner)
        {
            IKeyStore proxy = Create<IKeyStore, CountingStore>();
            var counter = (CountingStore)(object)proxy;
            counter.inner = inner;
            return (proxy, counter);
        }

        internal int Count(string member) => Calls.TryGetValue(member, out int n) ? n : 0;

        protected override object Invoke(MethodInfo targetMethod, object[] args)
        {
            Calls.AddOrUpdate(targetMethod.Name, 1, (_, n) => n + 1);
            try
            {
                return targetMethod.Invoke(inner, args);
            }
            catch (TargetInvocationException ex)
            {
                ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }
    }
}
