using Latchkey.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.Cli.Tests.Infrastructure;

/// <summary>A real Latchkey server: Kestrel on 127.0.0.1, a free port, a SQLite data folder.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningServer(WebApplication app, string url, string dataDirectory)
    {
        _app = app;
        Url = url;
        DataDirectory = dataDirectory;
    }

    public string Url { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<RunningServer> StartAsync(string dataDirectory, ILoggerProvider? logs = null)
    {
        var builder = LatchkeyHost.CreateBuilder(["--urls=http://127.0.0.1:0", $"--Storage:DataDirectory={dataDirectory}"]);
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(logs);
        }
        var app = LatchkeyHost.Build(builder);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningServer(app, address, dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
