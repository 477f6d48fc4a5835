using System.Runtime.InteropServices;
using System.Text;

namespace Latchkey.Cli;

/// <summary>
/// The young-generation (gen0) budget of <c>latchkey serve</c>. Every accepted call allocates a
/// couple of kilobytes (Kestrel's strings for the signed request about half of it), and on machines
/// where the runtime sizes gen0 at 2 MB that is a gen0 collection every ~1,000 calls: dozens of
/// ~1 ms pauses a second, which set the p99 (docs/performance.md, "Fourth round: tail latency").
/// The runtime reads that budget (<c>GCgen0size</c>) only from its environment when it starts, not
/// from runtimeconfig.json, so serve starts itself over once with <see cref="RuntimeVariable"/> set:
/// <c>execve</c> of the same executable with the same arguments, so the process id, the
/// terminal and the supervisor's view of it stay the same.
/// </summary>
/// <remarks>
/// Nothing happens when the operator set the variable (theirs is kept), when
/// <see cref="SwitchVariable"/> is <c>off</c>, off Linux, or for any command but serve. A value of
/// <see cref="SwitchVariable"/> other than <c>off</c> is used as the budget (hexadecimal, as the
/// runtime reads it). If the exec fails, serve runs on with the runtime's own budget.
/// </remarks>
internal static partial class GcBudget
{
    public const string RuntimeVariable = "DOTNET_GCgen0size";
    public const string LegacyRuntimeVariable = "COMPlus_GCgen0size";
    public const string SwitchVariable = "LATCHKEY_GC_GEN0_BUDGET";

    /// <summary>32 MB: about 2 gen0 collections a second at 30,000 calls a second, for ~20 MB more RSS.</summary>
    public const string DefaultBudget = "0x2000000";

    /// <summary>Starts serve over with the budget set, when it applies; returns only when it does not (or the exec failed).</summary>
    /// <param name="commandTokens">The command line without the configuration tokens.</param>
    public static void ApplyToServe(IReadOnlyList<string> commandTokens)
    {
        if (!OperatingSystem.IsLinux() || commandTokens.Count == 0 || commandTokens[0] != "serve")
        {
            return;
        }

        var budget = Choose(
            Environment.GetEnvironmentVariable(RuntimeVariable) ?? Environment.GetEnvironmentVariable(LegacyRuntimeVariable),
            Environment.GetEnvironmentVariable(SwitchVariable));
        if (budget is null)
        {
            return;
        }

        // The process's own argv, exactly as started (apphost or `dotnet latchkey.dll`).
        var argv = File.ReadAllText("/proc/self/cmdline", Encoding.UTF8).TrimEnd('\0').Split('\0');
        var environment = Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .Select(entry => $"{entry.Key}={entry.Value}")
            .Append($"{RuntimeVariable}={budget}")
            .ToArray();
        RemoveDiagnosticsSocket();
        Exec("/proc/self/exe", argv, environment);
        Console.Error.WriteLine($"latchkey: could not start serve again with {RuntimeVariable}={budget} (errno {Marshal.GetLastPInvokeError()}); running with the runtime's gen0 budget.");
    }

    /// <summary>The budget to set, or null: none when the runtime variable is already set or the switch is <c>off</c>.</summary>
    public static string? Choose(string? runtimeValue, string? switchValue)
    {
        if (!string.IsNullOrEmpty(runtimeValue))
        {
            return null;
        }

        var choice = switchValue?.Trim();
        if (string.IsNullOrEmpty(choice))
        {
            return DefaultBudget;
        }

        return choice.Equals("off", StringComparison.OrdinalIgnoreCase) || choice == "0" ? null : choice;
    }

    /// <summary>
    /// The runtime being replaced listens for diagnostics (dotnet-counters, dotnet-trace) on a
    /// socket named after the process id and start time, and the next runtime, being the same
    /// process, wants the very same name: left in place, the next one cannot listen there and the
    /// tools get "connection refused". Removed first, so the server stays observable.
    /// </summary>
    private static void RemoveDiagnosticsSocket()
    {
        foreach (var path in Directory.EnumerateFiles(Path.GetTempPath(), $"dotnet-diagnostic-{Environment.ProcessId}-*-socket"))
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Not ours to remove after all: the tools will miss this server, nothing else.
            }
        }
    }

    private static void Exec(string path, string[] argv, string[] environment)
    {
        var argvPointers = ToNullTerminated(argv);
        var environmentPointers = ToNullTerminated(environment);
        try
        {
            _ = Execve(path, argvPointers, environmentPointers);
        }
        finally
        {
            Free(argvPointers);
            Free(environmentPointers);
        }
    }

    private static nint[] ToNullTerminated(string[] values)
    {
        var pointers = new nint[values.Length + 1];
        for (var i = 0; i < values.Length; i++)
        {
            pointers[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
        }

        return pointers;
    }

    private static void Free(nint[] pointers)
    {
        foreach (var pointer in pointers)
        {
            Marshal.FreeCoTaskMem(pointer);
        }
    }

    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execve(string path, nint[] argv, nint[] environment);
}
