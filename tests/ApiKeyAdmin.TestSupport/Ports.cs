using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace ApiKeyAdmin.TestSupport
{
    /// <summary>Free loopback ports, and waiting for a program to listen on one.</summary>
    internal static class Ports
    {
        /// <summary>A port that was free a moment ago.</summary>
        internal static int Free()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        /// <summary>True once something accepts connections on the port, false after <paramref name="timeoutMs"/>.</summary>
        internal static bool WaitForListener(int port, int timeoutMs = 30_000)
        {
            for (int waited = 0; waited < timeoutMs; waited += 50)
            {
                try
                {
                    using var client = new TcpClient();
                    client.Connect(IPAddress.Loopback, port);
                    return true;
                }
                catch (SocketException)
                {
                    Thread.Sleep(50);
                }
            }

            return false;
        }
    }
}
