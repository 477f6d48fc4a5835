using System.CommandLine;

namespace Latchkey.Cli;

/// <summary>
/// <c>latchkey call &lt;Action&gt; [--Name value ...] [--path /route] [--method M]</c>: signs any action with
/// Latchkey.Signing (V3 by default, V1 on request) and prints the answer. <c>--Name value</c> pairs (Alibaba's
/// PascalCase names) become parameters, as with the aliyun CLI; a lowercase option it does not know is a typo.
/// With <c>--path</c> it signs a request to any route of any endpoint, e.g. a resource server behind
/// Latchkey.AspNetCore.
/// </summary>
internal static class CallCommand
{
    public static Command Create()
    {
        var symbols = new ClientSymbols();
        var action = new Argument<string>("Action") { Description = "The action, e.g. ListUsers, CreateAccessKey, GetCallerIdentity; sent as x-acs-action." };
        var parameters = new Argument<string[]>("Parameters")
        {
            Description = "--Name value (or --Name=value) pairs: the action's parameters, Alibaba's PascalCase names.",
            Arity = ArgumentArity.ZeroOrMore,
            HelpName = "--Name value",
        };
        var version = new Option<string?>("--version") { Description = "API version (overrides --product).", HelpName = "VERSION" };
        var product = new Option<string?>("--product") { Description = "ram (2015-05-01), ims (2019-08-15) or sts (2015-04-01); default by action." };
        product.AcceptOnlyFromAmong("ram", "ims", "sts");
        var signature = new Option<string>("--signature") { Description = "v3 (ACS3-HMAC-SHA256, default) or v1 (HMAC-SHA1).", DefaultValueFactory = _ => "v3" };
        signature.AcceptOnlyFromAmong("v1", "v3");
        var method = new Option<string?>("--method")
        {
            Description = "HTTP method. v3: POST (default) or GET on /, any method with --path; v1: GET query or POST form.",
            HelpName = "METHOD",
        };
        method.AcceptOnlyFromAmong("GET", "POST", "PUT", "PATCH", "DELETE", "get", "post", "put", "patch", "delete");
        var path = new Option<string>("--path")
        {
            Description = "Request path, e.g. /widgets of a resource server (default /, the RPC endpoint); v3 signs it.",
            DefaultValueFactory = _ => "/",
            HelpName = "PATH",
        };
        path.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && (!value.StartsWith('/') || value.Contains('?', StringComparison.Ordinal) || value.Contains('#', StringComparison.Ordinal)))
            {
                result.AddError("--path must start with '/' and hold no query; pass query parameters as --Name value.");
            }
        });
        var command = new Command("call", "Sign and send any action to the endpoint, or with --path to any route of a resource server; --Name value pairs become parameters.")
        {
            action, parameters, version, product, signature, method, path,
        };
        symbols.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (!TryReadParameters(parseResult.GetValue(parameters) ?? [], command, out var pairs, out var problem))
            {
                await Console.Error.WriteLineAsync($"latchkey call: {problem}");
                return ExitCodes.Usage;
            }

            var signatureVersion = parseResult.GetValue(signature)!;
            var httpMethod = parseResult.GetValue(method)?.ToUpperInvariant();
            if (signatureVersion == "v1" && httpMethod is not (null or "GET" or "POST"))
            {
                await Console.Error.WriteLineAsync("latchkey call: signature v1 is sent as GET (query) or POST (form); use --signature v3 for other methods.");
                return ExitCodes.Usage;
            }

            var name = parseResult.GetValue(action)!;
            var apiVersion = parseResult.GetValue(version)
                ?? (parseResult.GetValue(product) is { } p ? ApiProducts.VersionOf(p)! : ApiProducts.DefaultVersionFor(name));
            var call = new ApiCall(name, apiVersion, pairs, signatureVersion, httpMethod, parseResult.GetValue(path)!);
            return await ApiCommandRunner.RunAsync(symbols.Read(parseResult), call, null, cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// <c>--Name value</c> and <c>--Name=value</c> pairs, in order; anything else is a usage error, and so is
    /// a lowercase name (Alibaba's parameters are PascalCase; a lowercase one is a mistyped option).
    /// </summary>
    internal static bool TryReadParameters(IReadOnlyList<string> tokens, Command command, out List<KeyValuePair<string, string>> parameters, out string problem)
    {
        parameters = [];
        problem = string.Empty;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length < 3)
            {
                problem = $"unexpected argument '{token}'; parameters are written --Name value.";
                return false;
            }

            if (!char.IsAsciiLetterUpper(token[2]))
            {
                problem = $"unknown option '{token.Split('=', 2)[0]}'"
                    + (Suggestions.Nearest(token, command) is { } nearest ? $". Did you mean '{nearest}'?" : "; parameters are PascalCase, e.g. --UserName alice.");
                return false;
            }

            var eq = token.IndexOf('=', StringComparison.Ordinal);
            if (eq > 2)
            {
                parameters.Add(new(token[2..eq], token[(eq + 1)..]));
                continue;
            }

            if (i + 1 >= tokens.Count)
            {
                problem = $"parameter '{token}' needs a value.";
                return false;
            }

            parameters.Add(new(token[2..], tokens[++i]));
        }

        return true;
    }
}
