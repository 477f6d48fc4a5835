using System.Diagnostics;
using System.Text.Json;

namespace Latchkey.EndToEnd.Tests.Infrastructure;

/// <summary>The built `latchkey` command as a process, the way an operator runs it.</summary>
public static class LatchkeyProcess
{
    public static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(RepositoryPaths.CliAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>`latchkey bootstrap --create-access-key`; returns its JSON output.</summary>
    public static async Task<JsonElement> BootstrapAsync(string dataDirectory, string accountName, string password)
    {
        using var process = Process.Start(StartInfo("bootstrap", "--data", dataDirectory, "--account-name", accountName, "--password-stdin", "--create-access-key"))!;
        await process.StandardInput.WriteLineAsync(password);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"bootstrap exited {process.ExitCode}: {errors}");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.Clone();
    }

    /// <summary>Reads `latchkey serve`'s JSON console log until Kestrel names the address it bound.</summary>
    public static async Task<string?> ReadBoundAddressAsync(Process serve)
    {
        while (await serve.StandardOutput.ReadLineAsync() is { } line)
        {
            using var log = JsonDocument.Parse(line);
            if (log.RootElement.TryGetProperty("State", out var state) && state.TryGetProperty("address", out var bound))
            {
                return bound.GetString();
            }
        }

        return null;
    }
}
