using System.Text.Json.Nodes;

namespace Latchkey.Cli;

/// <summary>
/// Runs one API call for a client command and maps every outcome to its exit code: 0 success,
/// 1 the service returned an error (its Code and Message on stderr), 3 nothing configured,
/// 4 the service could not be reached.
/// </summary>
internal static class ApiCommandRunner
{
    public static async Task<int> RunAsync(ClientSymbols.Values values, ApiCall call, Func<JsonObject, Task<int>>? onSuccess, CancellationToken cancellationToken)
    {
        ClientCredentials? credentials;
        string problem;
        try
        {
            (credentials, problem) = await ClientCredentials.ResolveAsync(values, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"latchkey: cannot reach the service to assume the profile's role: {exception.Message}");
            return ExitCodes.Network;
        }

        if (credentials is null)
        {
            await Console.Error.WriteLineAsync($"latchkey: {problem}");
            return ExitCodes.Configuration;
        }

        ApiAnswer answer;
        try
        {
            answer = await LatchkeyClient.SendAsync(credentials, call, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"latchkey: cannot reach {credentials.Endpoint}: {exception.Message}");
            return ExitCodes.Network;
        }

        if (!answer.IsSuccess)
        {
            var code = answer.Body?["Code"]?.ToString() ?? $"HTTP{answer.Status}";
            // One line per error: a V3 SignatureDoesNotMatch message ends with the two-line StringToSign,
            // shown with its line break written as \n, exactly as the signer must reproduce it.
            var message = OneLine(answer.Body?["Message"]?.ToString() ?? answer.RawBody);
            var requestId = answer.Body?["RequestId"]?.ToString();
            await Console.Error.WriteLineAsync($"ERROR: {code}: {message}" + (requestId is null ? string.Empty : $" (RequestId {requestId}, HTTP {answer.Status})"));
            return ExitCodes.ApiError;
        }

        if (onSuccess is not null)
        {
            return await onSuccess(answer.Body!);
        }

        OutputWriter.Write(answer.Body, values.Output, Console.Out);
        return ExitCodes.Success;
    }

    internal static string OneLine(string text) =>
        text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
