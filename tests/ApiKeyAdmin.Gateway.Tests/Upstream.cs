using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ApiKeyAdmin.Gateway.Tests
{
    /// <summary>The API behind the proxy: answers 200 to everything and records what reached it.</summary>
    internal sealed class Upstream : IDisposable
    {
        private readonly WebApplication app;
        private readonly ConcurrentQueue<SeenRequest> seen = new ConcurrentQueue<SeenRequest>();

        internal Upstream()
        {
            Port = Ports.Free();
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Port));
            app = builder.Build();
            app.Run(context =>
            {
                seen.Enqueue(new SeenRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
                    context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
                context.Response.StatusCode = StatusCodes.Status200OK;
                return context.Response.WriteAsync("upstream");
            });
            app.StartAsync().GetAwaiter().GetResult();
        }

        internal int Port { get; }

        /// <summary>The requests that reached the upstream for one path (without the query string).</summary>
        internal IReadOnlyList<SeenRequest> For(string path) =>
            seen.Where(r => r.Target.Split('?')[0] == path).ToList();

        public void Dispose()
        {
            app.StopAsync().GetAwaiter().GetResult();
            ((IDisposable)app).Dispose();
        }
    }
}
