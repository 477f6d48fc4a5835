using Latchkey.Server.Console.Pages;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Console;

/// <summary>The web console: Razor Pages under Console/Pages, cookie sessions, antiforgery.</summary>
public static class ConsoleServiceCollectionExtensions
{
    public static IServiceCollection AddLatchkeyConsole(this IServiceCollection services)
    {
        services.AddSingleton<AccessKeyPanels>();
        services.AddSingleton<ConsoleLogonFlow>();
        services.AddSingleton<MfaEnrolment>();
        services.AddRazorPages(options =>
            {
                options.RootDirectory = "/Console/Pages";
                options.Conventions.AuthorizeFolder("/");
                options.Conventions.AllowAnonymousToPage("/Logon");
                options.Conventions.AllowAnonymousToPage("/CreateAccount");
                options.Conventions.AllowAnonymousToPage("/LogonPassword");
                options.Conventions.AllowAnonymousToPage("/LogonMfa");
                options.Conventions.AllowAnonymousToPage("/LogonBindMfa");
            })
            .ConfigureApplicationPartManager(parts =>
            {
                // The host may be started by the CLI or a test runner, whose entry assembly is not this one.
                var assembly = typeof(LogonModel).Assembly;
                if (!parts.ApplicationParts.OfType<AssemblyPart>().Any(part => part.Assembly == assembly))
                {
                    // The factory yields the assembly part and the compiled Razor part (the pages themselves).
                    foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                    {
                        parts.ApplicationParts.Add(part);
                    }
                }
            });

        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "latchkey.antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.FormFieldName = "__RequestVerificationToken";
            options.SuppressXFrameOptionsHeader = true; // ConsoleSecurityHeaders sends DENY.
        });

        services.AddAuthentication(ConsoleClaims.Scheme)
            .AddCookie(ConsoleClaims.Scheme, options =>
            {
                options.Cookie.Name = "latchkey.console";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.Cookie.Path = ConsolePaths.Root;
                options.LoginPath = ConsolePaths.Logon;
                options.LogoutPath = ConsolePaths.Root + "/logoff";
                options.AccessDeniedPath = ConsolePaths.Home;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = ConsoleSessionValidator.ValidateAsync;
            })
            .AddCookie(ConsoleClaims.PendingScheme, options =>
            {
                // Only the step pages under /console/logon see it, and only for a few minutes.
                options.Cookie.Name = "latchkey.logon";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.Cookie.Path = ConsolePaths.Logon;
                options.LoginPath = ConsolePaths.Logon;
                options.ExpireTimeSpan = TimeSpan.FromMinutes(10);
                options.SlidingExpiration = false;
            });
        services.AddAuthorization();
        return services;
    }
}
