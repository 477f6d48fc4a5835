using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Latchkey.Cli.Tests.Infrastructure;

namespace Latchkey.Cli.Tests.Docs;

/// <summary>
/// One bash session in which a document's runnable blocks run, in order and as written: a fresh folder
/// holding a copy of the repository's files as a fresh clone has them (no data, no build output), a
/// <c>latchkey</c> command on PATH, and a fresh <c>latchkey serve</c> on http://127.0.0.1:8080. The
/// session lives in its own network and PID namespace, so 8080 is free whatever else runs on the machine,
/// and everything a block starts in the background ends with the session.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class DocSession : IAsyncDisposable
{
    private const string Done = "__LATCHKEY_DOC_BLOCK_DONE__";
    // What a fresh clone does not have: build output, data, installed packages.
    private static readonly string[] NotCopied = [".git", "artifacts", "latchkey-data", "node_modules", "bin", "obj", "TestResults"];

    private readonly Process _shell;
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private int _blocks;

    private DocSession(string root, Process shell)
    {
        Root = root;
        _shell = shell;
    }

    /// <summary>The fresh folder the blocks run in.</summary>
    public string Root { get; }

    public static async Task<DocSession> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("latchkey-doc-").FullName;
        Copy(CliRunner.RepositoryRoot, root);

        var bin = Directory.CreateDirectory(Path.Combine(root, ".bin")).FullName;
        var wrapper = Path.Combine(bin, "latchkey");
        await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\nexec dotnet '{CliRunner.CliPath}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var start = new ProcessStartInfo("unshare")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var arg in (string[])["--net", "--pid", "--fork", "--mount-proc", "--kill-child", "--", "bash", "--noprofile", "--norc"])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("LATCHKEY_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["PATH"] = bin + ":" + start.Environment["PATH"];
        start.Environment["LATCHKEY_CONFIG_DIR"] = Path.Combine(root, ".latchkey");
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";

        var shell = Process.Start(start) ?? throw new InvalidOperationException("unshare did not start");
        var session = new DocSession(root, shell);
        await session.RunHarnessAsync($"""
            ip link set lo up
            cd '{root}'
            latchkey serve > '{root}/latchkey-serve.log' 2>&1 &
            for i in $(seq 600); do curl -sf -o /dev/null http://127.0.0.1:8080/health/ready && break; sleep 0.1; done
            curl -sf -o /dev/null http://127.0.0.1:8080/health/ready
            """);
        return session;
    }

    /// <summary>The blocks run so far.</summary>
    public int BlocksRun => _blocks;

    /// <summary>
    /// Runs one block with <c>set -eo pipefail</c>, placeholders such as <c>&lt;AccessKeyId&gt;</c> filled
    /// from earlier blocks' JSON output. Null when it succeeded, else why not.
    /// </summary>
    public async Task<string?> RunAsync(RunnableBlocks.Block block)
    {
        var text = Fill(block.Text, out var unfilled);
        if (unfilled is not null)
        {
            return $"{block.File}:{block.Line}: placeholder <{unfilled}> is not a value any earlier block printed (known: {string.Join(", ", _values.Keys.Order())}).";
        }

        _blocks++;
        var script = Path.Combine(Root, $".block-{_blocks}.sh");
        var stdout = script + ".out";
        var stderr = script + ".err";
        await File.WriteAllTextAsync(script, text);
        var finished = await RunHarnessAsync($"set -eo pipefail; source '{script}' > '{stdout}' 2> '{stderr}' < /dev/null; set +eo pipefail", throwOnFailure: false);
        var output = File.Exists(stdout) ? await File.ReadAllTextAsync(stdout) : string.Empty;
        if (!finished)
        {
            var error = File.Exists(stderr) ? await File.ReadAllTextAsync(stderr) : string.Empty;
            var logs = new StringBuilder();
            foreach (var log in Directory.GetFiles(Root, "*.log"))
            {
                var lines = await File.ReadAllLinesAsync(log);
                logs.Append("--- ").Append(Path.GetFileName(log)).Append(" (last lines)\n").AppendJoin('\n', lines.TakeLast(30)).Append('\n');
            }

            return $"{block.File}:{block.Line}: the block failed.\n--- block as run\n{text}--- stdout\n{output}--- stderr\n{error}{logs}";
        }

        Capture(output);
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _shell.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _shell.WaitForExitAsync(timeout.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or InvalidOperationException)
        {
            _shell.Kill(entireProcessTree: true);
        }

        _shell.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file a background process still held; the temp folder keeps it.
        }
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(directory);
            if (!NotCopied.Contains(name) && !File.GetAttributes(directory).HasFlag(FileAttributes.ReparsePoint))
            {
                Copy(directory, Directory.CreateDirectory(Path.Combine(to, name)).FullName);
            }
        }
    }

    /// <summary>The server's log, for a failure message.</summary>
    public string ServerLog() => File.Exists(Path.Combine(Root, "latchkey-serve.log")) ? File.ReadAllText(Path.Combine(Root, "latchkey-serve.log")) : string.Empty;

    private async Task<bool> RunHarnessAsync(string commands, bool throwOnFailure = true)
    {
        await _shell.StandardInput.WriteAsync(commands + $"\necho {Done}\n");
        await _shell.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        while (await _shell.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line == Done)
            {
                return true;
            }
        }

        if (throwOnFailure)
        {
            throw new InvalidOperationException($"the doc session did not start: {await _shell.StandardError.ReadToEndAsync()}\n{ServerLog()}");
        }

        return false;
    }

    private string Fill(string text, out string? unfilled)
    {
        string? missing = null;
        var filled = Placeholder().Replace(text, match =>
        {
            if (_values.TryGetValue(match.Groups[1].Value, out var value))
            {
                return value;
            }

            missing ??= match.Groups[1].Value;
            return match.Value;
        });
        unfilled = missing;
        return filled;
    }

    /// <summary>Every string and number of every JSON object printed (one or several, among other text), by member name and by dotted path.</summary>
    private void Capture(string output)
    {
        var bytes = Encoding.UTF8.GetBytes(output);
        var offset = 0;
        while (offset < bytes.Length)
        {
            var start = Array.IndexOf(bytes, (byte)'{', offset);
            if (start < 0)
            {
                break;
            }

            var reader = new Utf8JsonReader(bytes.AsSpan(start), new JsonReaderOptions { AllowMultipleValues = true });
            try
            {
                using var document = JsonDocument.ParseValue(ref reader);
                Walk(document.RootElement, string.Empty);
                offset = start + (int)reader.BytesConsumed;
            }
            catch (JsonException)
            {
                // Prose with a brace in it: look further on.
                offset = start + 1;
            }
        }
    }

    private void Walk(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    Walk(member.Value, path.Length == 0 ? member.Name : path + "." + member.Name);
                }

                break;
            case JsonValueKind.String or JsonValueKind.Number:
                _values[path] = element.ToString();
                _values[path[(path.LastIndexOf('.') + 1)..]] = element.ToString();
                break;
        }
    }

    [GeneratedRegex("<([A-Z][A-Za-z0-9]*(?:\\.[A-Z][A-Za-z0-9]*)*)>")]
    private static partial Regex Placeholder();
}
