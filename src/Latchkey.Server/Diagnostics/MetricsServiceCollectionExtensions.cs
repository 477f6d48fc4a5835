using Latchkey.Core.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Diagnostics;

/// <summary>Registers the "Latchkey" meter (through IMeterFactory) and the hooks that feed it.</summary>
internal static class MetricsServiceCollectionExtensions
{
    public static IServiceCollection AddLatchkeyMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<LatchkeyMetrics>();
        services.AddSingleton<IMetricsSink>(provider => provider.GetRequiredService<LatchkeyMetrics>());
        services.AddSingleton<ConsoleLogonMetricsFilter>();
        services.Configure<MvcOptions>(options => options.Filters.AddService<ConsoleLogonMetricsFilter>());
        return services;
    }

    public static IApplicationBuilder UseLatchkeyMetrics(this IApplicationBuilder app) => app.UseMiddleware<ApiMetricsMiddleware>();
}
