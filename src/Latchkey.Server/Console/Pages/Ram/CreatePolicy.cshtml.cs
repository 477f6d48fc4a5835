using Latchkey.Core.Authorization;
using Latchkey.Core.Policies;
using Microsoft.AspNetCore.Mvc;

namespace Latchkey.Server.Console.Pages.Ram;

/// <summary>
/// Create Policy with the JSON editor. The editor validates as you type by posting the document
/// to <see cref="OnPostValidate"/>, which runs the same compiler as CreatePolicy, so the page
/// never disagrees with the API.
/// </summary>
public sealed class CreatePolicyModel(PolicyService policies, Authorizer authorizer) : RamPageModel(authorizer)
{
    public const string Template = """
        {
          "Version": "1",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": ["ram:Get*", "ram:List*"],
              "Resource": "*"
            }
          ]
        }
        """;

    [BindProperty]
    public string? PolicyName { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? PolicyDocument { get; set; } = Template;

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await MayCreateAsync(ct) ? Page() : NoPermission();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await MayCreateAsync(ct))
        {
            return NoPermission();
        }

        var created = await policies.CreateAsync(Audit(), PolicyName, Description, PolicyDocument, ct);
        if (created.IsSuccess)
        {
            return LocalRedirect(ConsolePaths.Policy(PolicyTypes.Custom, created.Value.PolicyName));
        }

        Error = $"{created.Error.Message} ({created.Error.Code})";
        return Page();
    }

    /// <summary>The editor's check as you type: the compiler's verdict, with the position of the fault.</summary>
    public IActionResult OnPostValidate(string? document)
    {
        var compiled = Core.Policies.PolicyDocument.Compile(document);
        return new JsonResult(compiled.IsSuccess
            ? new { valid = true, message = $"The policy document is valid ({compiled.Value.StatementCount} statement(s))." }
            : new { valid = false, message = $"{compiled.Error.Message} ({compiled.Error.Code})" });
    }

    private Task<bool> MayCreateAsync(CancellationToken ct) =>
        MayOnAsync("ram:CreatePolicy", ResourceNames.CustomPolicy(Caller.AccountId, "*"), ct);
}
