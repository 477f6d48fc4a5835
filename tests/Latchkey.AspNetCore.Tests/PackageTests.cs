using System.Diagnostics;
using System.IO.Compression;
using Latchkey.Cli.Tests.Infrastructure;

namespace Latchkey.AspNetCore.Tests;

/// <summary>Both client libraries pack into NuGet packages with their README, XML docs and dependency.</summary>
public sealed class PackageTests
{
    [Theory]
    [InlineData("Latchkey.Signing")]
    [InlineData("Latchkey.AspNetCore")]
    public async Task Pack_ProducesPackageWithReadmeAndDocs(string project)
    {
        var output = Directory.CreateTempSubdirectory("latchkey-pack-").FullName;
        try
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "pack", Path.Combine(CliRunner.RepositoryRoot, "src", project, project + ".csproj"), "-c", configuration, "--no-build", "-o", output })
            {
                start.ArgumentList.Add(arg);
            }

            using var pack = Process.Start(start)!;
            var stdout = pack.StandardOutput.ReadToEndAsync();
            var stderr = await pack.StandardError.ReadToEndAsync();
            await pack.WaitForExitAsync();

            Assert.True(pack.ExitCode == 0, await stdout + stderr);
            var package = Assert.Single(Directory.GetFiles(output, project + ".*.nupkg"));
            using var zip = ZipFile.OpenRead(package);
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("README.md", entries);
            Assert.Contains($"lib/net10.0/{project}.dll", entries);
            Assert.Contains($"lib/net10.0/{project}.xml", entries);
            using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var text = await nuspec.ReadToEndAsync();
            Assert.Contains("<readme>README.md</readme>", text, StringComparison.Ordinal);
            Assert.Contains("<description>", text, StringComparison.Ordinal);
            if (project == "Latchkey.AspNetCore")
            {
                Assert.Contains("id=\"Latchkey.Signing\"", text, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
