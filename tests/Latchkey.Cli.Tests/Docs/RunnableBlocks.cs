using System.Text;

namespace Latchkey.Cli.Tests.Docs;

/// <summary>
/// The shell blocks of README.md and docs/ whose fence says <c>```sh runnable</c> (docs/README.md):
/// only those run, so a block of any other kind (output, a foreground server, a global install) stays prose.
/// </summary>
public static class RunnableBlocks
{
    public const string Fence = "```sh runnable";

    public sealed record Block(string File, int Line, string Text);

    /// <summary>Every Markdown file with at least one runnable block, README.md first, each block in order.</summary>
    public static IReadOnlyList<(string File, IReadOnlyList<Block> Blocks)> Find(string repositoryRoot)
    {
        var files = new List<string> { Path.Combine(repositoryRoot, "README.md") };
        files.AddRange(Directory.GetFiles(Path.Combine(repositoryRoot, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        var found = new List<(string, IReadOnlyList<Block>)>();
        foreach (var file in files)
        {
            var blocks = Parse(Path.GetRelativePath(repositoryRoot, file), File.ReadAllLines(file));
            if (blocks.Count > 0)
            {
                found.Add((Path.GetRelativePath(repositoryRoot, file), blocks));
            }
        }

        return found;
    }

    public static List<Block> Parse(string file, string[] lines)
    {
        var blocks = new List<Block>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() != Fence)
            {
                continue;
            }

            var start = i + 1;
            var text = new StringBuilder();
            for (i = start; i < lines.Length && lines[i].TrimEnd() != "```"; i++)
            {
                text.Append(lines[i]).Append('\n');
            }

            if (i >= lines.Length)
            {
                throw new InvalidOperationException($"{file}:{start}: a runnable block is not closed with ```.");
            }

            blocks.Add(new Block(file, start + 1, text.ToString()));
        }

        return blocks;
    }
}
