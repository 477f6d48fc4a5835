namespace Latchkey.EndToEnd.Tests.Infrastructure;

/// <summary>Finds the repository (the folder with Latchkey.slnx) and what the tests run from it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string SdkDirectory => Path.Combine(Root, "tests", "Latchkey.EndToEnd.Tests", "sdk");

    /// <summary>latchkey.dll of the same configuration as this test assembly (artifacts/bin/Latchkey.Cli/&lt;config&gt;).</summary>
    public static string CliAssembly
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
            return Path.Combine(Root, "artifacts", "bin", "Latchkey.Cli", configuration, "latchkey.dll");
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Latchkey.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Latchkey.slnx not found above " + AppContext.BaseDirectory);
    }
}
