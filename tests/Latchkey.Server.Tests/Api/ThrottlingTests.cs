using System.Net;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Latchkey.Server.Tests.Api;

public sealed class ThrottlingTests(LatchkeyFactory factory) : IClassFixture<LatchkeyFactory>
{
    [Fact]
    public async Task FailuresPastTheAccessKeyIdLimit_Get429ThrottlingUser_TheOwnerStillGetsThrough()
    {
        using var limited = factory.WithWebHostBuilder(builder => builder.UseSetting("Throttling:FailuresPerAccessKeyIdPerMinute", "3"));
        var key = await factory.CreateAccountAsync();
        var api = new ApiClient(limited.CreateClient());
        for (var i = 0; i < 3; i++)
        {
            (await ApiAnswer.ReadAsync(await api.SendAsync(ApiClient.SignV1(key, "GetCallerIdentity", ApiClient.Sts, secret: "wrong-secret"))))
                .AssertError(HttpStatusCode.BadRequest, "SignatureDoesNotMatch");
        }

        var guess = await ApiAnswer.ReadAsync(await api.SendAsync(ApiClient.SignV1(key, "GetCallerIdentity", ApiClient.Sts, secret: "wrong-secret")));
        var owner = await ApiAnswer.ReadAsync(await api.SendAsync(ApiClient.SignV1(key, "GetCallerIdentity", ApiClient.Sts)));

        guess.AssertError(HttpStatusCode.TooManyRequests, "Throttling.User");
        owner.AssertSuccess();
    }
}
