using System.Reflection;
using Latchkey.Core.Results;

namespace Latchkey.Core.Tests;

public sealed class ErrorDocsTests
{
    [Fact]
    public void EveryErrorCode_HasADocsPage()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Latchkey.slnx")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var codes = typeof(Core.Results.Errors).GetNestedTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.FieldType == typeof(ApiError))
            .Select(f => ((ApiError)f.GetValue(null)!).Code)
            .Distinct()
            .ToList();

        Assert.NotEmpty(codes);
        var missing = codes.Where(code => !File.Exists(Path.Combine(root.FullName, "docs", "errors", code + ".md"))).ToList();
        Assert.Empty(missing);
        Assert.True(File.Exists(Path.Combine(root.FullName, "docs", "errors", "Missing.md")));
    }
}
