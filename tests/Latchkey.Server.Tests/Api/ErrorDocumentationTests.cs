using System.Net;
using System.Reflection;
using Latchkey.Core.Results;
using Latchkey.Server.Api;
using Latchkey.Server.Tests.Infrastructure;
using Latchkey.Signing;

namespace Latchkey.Server.Tests.Api;

public sealed class ErrorDocumentationTests(LatchkeyFactory factory) : IClassFixture<LatchkeyFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient());

    [Fact]
    public async Task RecommendLink_OfAnError_ServesThatCodesPage()
    {
        var error = await ApiAnswer.ReadAsync(await _api.Http.GetAsync("/?Action=GetCallerIdentity&Version=2015-04-01"));
        var link = new Uri(error.Json.GetProperty("Recommend").GetString()!);

        using var page = await _api.Http.GetAsync(link.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.StartsWith("text/markdown", page.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Contains("MissingSignature", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCode_ReturnsAnAlibabaError()
    {
        var answer = await ApiAnswer.ReadAsync(await _api.Http.GetAsync("/docs/errors/NoSuchCode"));

        answer.AssertError(HttpStatusCode.NotFound, "InvalidApi.NotFound");
    }

    [Fact]
    public void EveryCatalogueCode_HasAServedPage()
    {
        var codes = CodesOf(typeof(Errors)).Concat(CodesOf(typeof(SignatureErrors))).Distinct().ToList();

        var missing = codes.Where(code => !ErrorDocumentation.Has(code)).ToList();

        Assert.NotEmpty(codes);
        Assert.Empty(missing);
    }

    private static IEnumerable<string> CodesOf(Type catalogue) =>
        catalogue.GetNestedTypes().Append(catalogue)
            .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Select(field => field.GetValue(null))
            .Select(value => value switch
            {
                ApiError api => api.Code,
                SignatureError signature => signature.Code,
                _ => null,
            })
            .OfType<string>();
}
