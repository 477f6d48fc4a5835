using Latchkey.Core.Accounts;

namespace Latchkey.Server.Api.Accounts;

/// <summary>{"SecurityPreference":{"AccessKeyPreference":{"AllowUserToManageAccessKeys":false}}}, as RAM shapes it.</summary>
internal sealed record SecurityPreferenceView(SecurityPreferenceView.Preference SecurityPreference)
{
    public static SecurityPreferenceView From(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new(new Preference(new KeyPreference(account.AllowUsersToManageOwnAccessKeys)));
    }

    public sealed record Preference(KeyPreference AccessKeyPreference);

    public sealed record KeyPreference(bool AllowUserToManageAccessKeys);
}
