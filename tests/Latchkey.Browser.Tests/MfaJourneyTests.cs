using Latchkey.Core.Accounts;
using Latchkey.Core.Audit;
using Latchkey.Core.Logons;
using Latchkey.Core.Mfa;
using Latchkey.Core.Principals;
using Latchkey.Core.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Latchkey.Browser.Tests;

/// <summary>
/// Issue 13 in a real browser: enrol a virtual MFA device from its QR code page, log on with
/// password then code, MFABindRequired forcing enrolment, LoginNetworkMasks refusing a logon, and a
/// password change that breaks the policy refused with the rule named. The test computes TOTP
/// codes from the seed the page shows, as an authenticator app would from the QR code.
/// </summary>
[Collection(ConsoleTests.Name)]
public sealed class MfaJourneyTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Account_EnrolsMfaFromThePage_ThenLogsOnWithPasswordAndCode()
    {
        var name = "mfa-owner-" + Guid.NewGuid().ToString("N")[..8];
        await CreateAccountAsync(name);
        var page = await fixture.NewPageAsync();
        await ConsoleSteps.LogOnAsync(page, name);

        await page.GetByRole(AriaRole.Link, new() { Name = "Security Settings" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Manage the MFA device" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enable MFA Device" }).ClickAsync();
        var qr = page.GetByRole(AriaRole.Img, new() { NameRegex = new("^QR code of the virtual MFA device") });
        await qr.WaitForAsync();
        Assert.StartsWith("data:image/png;base64,iVBORw0KGgo", await qr.GetAttributeAsync("src"), StringComparison.Ordinal);
        Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 100"), "the QR code PNG decodes in the browser");
        var seed = Base32.Decode((await page.Locator("#mfa-seed").TextContentAsync())!.Trim());
        // The docs show this page from a throwaway server, with the key and QR code blurred all the same.
        await page.EvaluateAsync("() => { for (const e of document.querySelectorAll('#mfa-seed, img.qr')) e.style.filter = 'blur(6px)'; }");
        await Screenshots.TakeAsync(page, "mfa-enrol");

        var t = await StepWithTimeToSpareAsync();
        await page.GetByLabel("Security Code 1").FillAsync(Totp.Code(seed, t - 1));
        await page.GetByLabel("Security Code 2").FillAsync(Totp.Code(seed, t));
        await page.GetByRole(AriaRole.Button, new() { Name = "Bind" }).ClickAsync();
        await page.GetByText("The MFA device is bound.").WaitForAsync();
        await ConsoleSteps.LogOffAsync(page);

        await EnterPasswordAsync(page, name, ConsoleSteps.Password);
        await page.GetByRole(AriaRole.Heading, new() { Name = "MFA Verification" }).WaitForAsync();
        var wrong = Totp.Code(seed, t + 1) == "000000" ? "000001" : "000000";
        await page.GetByLabel("Security Code", new() { Exact = true }).FillAsync(wrong);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await page.GetByText("The security code is incorrect or has been used already.").WaitForAsync();
        Assert.EndsWith("/console/logon/mfa", page.Url, StringComparison.Ordinal);
        await page.GotoAsync("/console/");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Log On" }).WaitForAsync();

        await EnterPasswordAsync(page, name, ConsoleSteps.Password);
        await page.GetByLabel("Security Code", new() { Exact = true }).FillAsync(Totp.Code(seed, NextUnusedStep(t)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, " + name }).WaitForAsync();
    }

    [Fact]
    public async Task MfaBindRequired_ForcesEnrolmentAtTheNextLogon()
    {
        var accountName = "mfa-team-" + Guid.NewGuid().ToString("N")[..8];
        var account = await CreateAccountAsync(accountName);
        var users = fixture.Services.GetRequiredService<RamUserService>();
        var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "browser-test");
        var user = (await users.CreateAsync(actor, new CreateUserInput("ivy", null, null, null, null), CancellationToken.None)).Value;
        Assert.True((await users.CreateLoginProfileAsync(actor, "ivy", "Ivy#Passw0rd12", false, mfaBindRequired: true, CancellationToken.None)).IsSuccess);
        var principalName = users.PrincipalNameOf(account, user);
        var page = await fixture.NewPageAsync();

        await EnterPasswordAsync(page, principalName, "Ivy#Passw0rd12");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Bind MFA Device" }).WaitForAsync();
        await page.GotoAsync("/console/accesskeys");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Log On" }).WaitForAsync();
        await EnterPasswordAsync(page, principalName, "Ivy#Passw0rd12");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Bind MFA Device" }).WaitForAsync();
        var seed = Base32.Decode((await page.Locator("#mfa-seed").TextContentAsync())!.Trim());
        var t = await StepWithTimeToSpareAsync();
        await page.GetByLabel("Security Code 1").FillAsync(Totp.Code(seed, t - 1));
        await page.GetByLabel("Security Code 2").FillAsync(Totp.Code(seed, t));
        await page.GetByRole(AriaRole.Button, new() { Name = "Bind" }).ClickAsync();

        await page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, " + principalName }).WaitForAsync();
        var device = await fixture.Services.GetRequiredService<MfaService>().FindBoundAsync(new Principal(account.AccountId, user.UserId, "ivy", null), CancellationToken.None);
        Assert.NotNull(device);
    }

    [Fact]
    public async Task LoginNetworkMasks_RefuseALogonFromOutside()
    {
        var accountName = "mfa-net-" + Guid.NewGuid().ToString("N")[..8];
        var account = await CreateAccountAsync(accountName);
        var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "browser-test");
        var users = fixture.Services.GetRequiredService<RamUserService>();
        var user = (await users.CreateAsync(actor, new CreateUserInput("kim", null, null, null, null), CancellationToken.None)).Value;
        Assert.True((await users.CreateLoginProfileAsync(actor, "kim", "Kim#Passw0rd123", false, false, CancellationToken.None)).IsSuccess);
        var name = users.PrincipalNameOf(account, user);
        var preferences = fixture.Services.GetRequiredService<SecurityPreferenceService>();
        Assert.True((await preferences.SetAsync(actor, new SecurityPreferenceUpdate { LoginNetworkMasks = "203.0.113.0/24" }, CancellationToken.None)).IsSuccess);
        var page = await fixture.NewPageAsync();

        await EnterPasswordAsync(page, name, "Kim#Passw0rd123");

        await page.GetByRole(AriaRole.Alert).GetByText("Console logon is not allowed from your network address.").WaitForAsync();
        Assert.EndsWith("/console/logon", page.Url, StringComparison.Ordinal);
        Assert.True((await preferences.SetAsync(actor, new SecurityPreferenceUpdate { LoginNetworkMasks = "127.0.0.0/8" }, CancellationToken.None)).IsSuccess);
        await ConsoleSteps.LogOnAsync(page, name, "Kim#Passw0rd123");
    }

    [Fact]
    public async Task PasswordChange_ThatBreaksThePolicy_IsRefusedWithTheRuleNamed()
    {
        var accountName = "mfa-policy-" + Guid.NewGuid().ToString("N")[..8];
        var account = await CreateAccountAsync(accountName);
        var users = fixture.Services.GetRequiredService<RamUserService>();
        var actor = new AuditContext(new Principal(account.AccountId, null, null, null), "127.0.0.1", "browser-test");
        var user = (await users.CreateAsync(actor, new CreateUserInput("jack", null, null, null, null), CancellationToken.None)).Value;
        Assert.True((await users.CreateLoginProfileAsync(actor, "jack", "Jack#Passw0rd12", false, false, CancellationToken.None)).IsSuccess);
        Assert.True((await fixture.Services.GetRequiredService<PasswordPolicyService>().SetAsync(actor, new PasswordPolicyUpdate(MinimumPasswordLength: 12, RequireSymbols: true), CancellationToken.None)).IsSuccess);
        var principalName = users.PrincipalNameOf(account, user);
        var page = await fixture.NewPageAsync();
        await ConsoleSteps.LogOnAsync(page, principalName, "Jack#Passw0rd12");

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Profile: ") }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Security Settings" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Change Password" }).WaitForAsync();
        Assert.Contains("it must contain a symbol", await page.Locator("#new-password-hint").TextContentAsync(), StringComparison.Ordinal);
        await page.GetByLabel("Current Password").FillAsync("Jack#Passw0rd12");
        await page.GetByLabel("New Password").FillAsync("NoSymbolsHere1234");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change Password" }).ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert);
        await alert.WaitForAsync();
        Assert.Contains("Rule RequireSymbols: it must contain a symbol.", await alert.TextContentAsync(), StringComparison.Ordinal);
        await page.GetByLabel("Current Password").FillAsync("Jack#Passw0rd12");
        await page.GetByLabel("New Password").FillAsync("Symbols#Here1234");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change Password" }).ClickAsync();
        await page.GetByText("The password is changed.").WaitForAsync();
    }

    private static async Task EnterPasswordAsync(IPage page, string logonName, string password)
    {
        await page.GotoAsync("/console/logon");
        await page.GetByLabel("Logon Name").FillAsync(logonName);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log On" }).ClickAsync();
    }

    /// <summary>
    /// The current TOTP step, waiting for the next one when fewer than 10 seconds of this one are
    /// left: the server must see the codes in the same step as the test computed them (give or take
    /// the one step of skew it allows).
    /// </summary>
    private static async Task<long> StepWithTimeToSpareAsync()
    {
        var now = TimeProvider.System.GetUtcNow();
        var intoStep = now.ToUnixTimeSeconds() % Totp.StepSeconds;
        if (intoStep >= Totp.StepSeconds - 10)
        {
            await Task.Delay(TimeSpan.FromSeconds(Totp.StepSeconds - intoStep + 1));
        }

        return Totp.StepAt(TimeProvider.System.GetUtcNow());
    }

    /// <summary>A step newer than the last one used (<paramref name="lastUsed"/>) and within the server's skew of now.</summary>
    private static long NextUnusedStep(long lastUsed) => Math.Max(Totp.StepAt(TimeProvider.System.GetUtcNow()), lastUsed + 1);

    private async Task<Account> CreateAccountAsync(string name)
    {
        var account = await fixture.Services.GetRequiredService<AccountService>().CreateAsync(name, ConsoleSteps.Password, "127.0.0.1", "browser-test", CancellationToken.None);
        Assert.True(account.IsSuccess);
        return account.Value;
    }
}
