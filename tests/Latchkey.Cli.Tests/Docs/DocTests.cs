using System.Text;
using Latchkey.Cli.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Latchkey.Cli.Tests.Docs;

/// <summary>
/// Docs that cannot rot: every <c>```sh runnable</c> block of README.md and docs/ runs, as written, in a
/// fresh folder against a fresh server (one session per document), and a failing one fails the build.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DocTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RunnableBlocks_InReadmeAndDocs_AllSucceedAsWritten()
    {
        var documents = RunnableBlocks.Find(CliRunner.RepositoryRoot);
        var failures = new StringBuilder();
        var executed = 0;

        foreach (var (file, blocks) in documents)
        {
            await using var session = await DocSession.StartAsync();
            foreach (var block in blocks)
            {
                if (await session.RunAsync(block) is { } failure)
                {
                    failures.AppendLine(failure);
                    break;
                }
            }

            executed += session.BlocksRun;
            output.WriteLine($"{file}: {session.BlocksRun} of {blocks.Count} runnable blocks executed");
        }

        var total = documents.Sum(d => d.Blocks.Count);
        output.WriteLine($"doc tests: {executed} of {total} runnable blocks executed in {documents.Count} files");
        Assert.True(failures.Length == 0, failures.ToString());
        Assert.True(executed >= 10, $"only {executed} runnable blocks found; README.md and docs/ mark their commands ```sh runnable");
    }

    [Fact]
    public void Parse_FindsOnlyMarkedBlocks_InOrder()
    {
        string[] lines =
        [
            "```sh", "not me", "```",
            "```sh runnable", "latchkey whoami", "latchkey users list", "```",
            "```json", "{}", "```",
            "```sh runnable", "latchkey audit list", "```",
        ];

        var blocks = RunnableBlocks.Parse("x.md", lines);

        Assert.Equal(["latchkey whoami\nlatchkey users list\n", "latchkey audit list\n"], blocks.Select(b => b.Text));
        Assert.Equal([5, 12], blocks.Select(b => b.Line));
    }

    [Fact]
    public async Task FailingBlock_IsReported_WithItsOutput()
    {
        await using var session = await DocSession.StartAsync();

        var ok = await session.RunAsync(new RunnableBlocks.Block("t.md", 1, "echo 'S3cure!console-pw' | latchkey bootstrap --account-name doctest --password-stdin --create-access-key\n"));
        var filled = await session.RunAsync(new RunnableBlocks.Block("t.md", 5, "test -n '<AccessKeyId>' && test '<AccountName>' = doctest\n"));
        var failed = await session.RunAsync(new RunnableBlocks.Block("t.md", 9, "latchkey export --fromat json\necho not reached\n"));

        Assert.Null(ok);
        Assert.Null(filled);
        Assert.NotNull(failed);
        Assert.Contains("t.md:9", failed, StringComparison.Ordinal);
        Assert.Contains("Did you mean '--format'?", failed, StringComparison.Ordinal);
        Assert.DoesNotContain("not reached", failed.Split("--- stdout")[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPlaceholder_FailsTheBlock()
    {
        await using var session = await DocSession.StartAsync();

        var failed = await session.RunAsync(new RunnableBlocks.Block("t.md", 3, "echo <NeverPrinted>\n"));

        Assert.NotNull(failed);
        Assert.Contains("<NeverPrinted>", failed, StringComparison.Ordinal);
    }
}
