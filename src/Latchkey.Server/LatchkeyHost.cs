using Latchkey.Server.Api;
using Latchkey.Server.Api.SecretScanning;
using Latchkey.Server.Api.Verify;
using Latchkey.Server.Console;
using Latchkey.Server.Diagnostics;
using Latchkey.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Latchkey.Server;

/// <summary>Builds the Latchkey web host; Program and the CLI's <c>serve</c> both start it from here.</summary>
public static class LatchkeyHost
{
    /// <summary>Where the server listens when neither urls nor Kestrel:Endpoints is configured.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>
    /// appsettings.json (next to the binaries), then environment variables prefixed LATCHKEY_
    /// (LATCHKEY_Storage__Provider=PostgreSql), then the command line, each overriding the one before.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddEnvironmentVariables("LATCHKEY_");
        builder.Configuration.AddCommandLine(args);

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(options =>
        {
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
        // The hosting diagnostics log every request URL at Information; a V1 query carries the Signature.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // With this category enabled at any level, hosting starts an Activity and a logging scope
        // for every request (about 0.4 KB and a trace id each) although no line of it is written
        // at Warning and the JSON console does not print scopes; Latchkey's own lines carry the
        // RequestId. Start-up failures are still logged by the host (Microsoft.Extensions.Hosting).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Above the API's own query limit (Api:MaxQueryLength), so an oversized query gets an Alibaba error body, not Kestrel's empty 414.
            kestrel.Limits.MaxRequestLineSize = 64 * 1024;
            kestrel.Limits.MaxRequestBufferSize = 1024 * 1024;
        });
        builder.Services.AddLatchkeyServer(builder.Configuration);
        builder.Services.AddLatchkeyConsole();
        builder.Services.AddLatchkeyProxy();
        builder.Services.AddLatchkeyMetrics();
        return builder;
    }

    /// <summary>Builds the application with its pipeline: errors, health probes, the RPC endpoint.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        app.UseLatchkeyProxy();
        // Read from configuration, not IOptions: validating ApiOptions here would throw from Build
        // instead of refusing at start as every other bad setting does (HostConfigurationTests).
        if (app.Configuration.GetValue($"{ApiOptions.SectionName}:{nameof(ApiOptions.AnswerRootBeforeRouting)}", true))
        {
            app.UseRpcRootBeforeRouting();
        }

        // Explicitly here, after the RPC branch: WebApplication would otherwise put routing first.
        app.UseRouting();
        app.UseLatchkeyMetrics();
        app.UseApiErrors();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapErrorDocumentation();
        app.MapVerifyEndpoint();
        app.MapSecretScanningEndpoint();
        app.MapLatchkeyConsole();
        app.MapRpcEndpoint();
        return app;
    }
}
