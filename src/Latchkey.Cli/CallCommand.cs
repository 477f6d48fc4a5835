using System.CommandLine;

namespace Latchkey.Cli;

/// <summary>
/// <c>latchkey call &lt;Action&gt; [--Param value ...]</c>: signs any action with Latchkey.Signing
/// (V3 by default, V1 on request) and prints the answer. Options it does not know become parameters,
/// as with the aliyun CLI.
/// </summary>
internal static class CallCommand
{
    private static readonly HashSet<string> OwnOptions = new(StringComparer.Ordinal)
    {
        "--version", "--product", "--signature", "--method", "--output", "--profile", "--config-dir", "--endpoint",
    };

    public static Command Create()
    {
        var symbols = new ClientSymbols();
        var action = new Argument<string>("Action") { Description = "The action, e.g. ListUsers, CreateAccessKey, GetCallerIdentity." };
        var version = new Option<string?>("--version") { Description = "API version (overrides --product)." };
        var product = new Option<string?>("--product") { Description = "ram (2015-05-01), ims (2019-08-15) or sts (2015-04-01); default by action." };
        product.AcceptOnlyFromAmong("ram", "ims", "sts");
        var signature = new Option<string>("--signature") { Description = "v3 (ACS3-HMAC-SHA256, default) or v1 (HMAC-SHA1).", DefaultValueFactory = _ => "v3" };
        signature.AcceptOnlyFromAmong("v1", "v3");
        var method = new Option<string?>("--method") { Description = "GET or POST (v1: GET query or POST form; v3: POST by default, GET with the parameters in the query)." };
        method.AcceptOnlyFromAmong("GET", "POST", "get", "post");
        var command = new Command("call", "Sign and send any RAM/IMS/STS action; extra --Name value pairs become parameters.")
        {
            action, version, product, signature, method,
        };
        symbols.AddTo(command);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (!TryReadParameters(parseResult.UnmatchedTokens, out var parameters, out var problem))
            {
                await Console.Error.WriteLineAsync($"latchkey call: {problem}");
                return ExitCodes.Usage;
            }

            var signatureVersion = parseResult.GetValue(signature)!;
            var httpMethod = parseResult.GetValue(method)?.ToUpperInvariant();
            var name = parseResult.GetValue(action)!;
            var apiVersion = parseResult.GetValue(version)
                ?? (parseResult.GetValue(product) is { } p ? ApiProducts.VersionOf(p)! : ApiProducts.DefaultVersionFor(name));
            var call = new ApiCall(name, apiVersion, parameters, signatureVersion, httpMethod);
            return await ApiCommandRunner.RunAsync(symbols.Read(parseResult), call, null, cancellationToken);
        });
        return command;
    }

    /// <summary><c>--Name value</c> and <c>--Name=value</c> pairs, in order; anything else is a usage error.</summary>
    internal static bool TryReadParameters(IReadOnlyList<string> tokens, out List<KeyValuePair<string, string>> parameters, out string problem)
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

            var eq = token.IndexOf('=', StringComparison.Ordinal);
            if (eq > 2)
            {
                parameters.Add(new(token[2..eq], token[(eq + 1)..]));
                continue;
            }

            if (OwnOptions.Contains(token) || i + 1 >= tokens.Count)
            {
                problem = $"parameter '{token}' needs a value.";
                return false;
            }

            parameters.Add(new(token[2..], tokens[++i]));
        }

        return true;
    }
}
