using System.Globalization;
using System.Net;

namespace Latchkey.Core.Policies;

/// <summary>
/// One compiled <c>"Operator": {"Key": values}</c> pair. Several values: the request value must
/// match any of them (for negated operators: none of them). A key the request does not carry
/// fails a positive operator and satisfies a negated one (spec ram-policies.md §3.2).
/// </summary>
internal abstract class ConditionClause(string key, bool negated)
{
    public string Key { get; } = key;

    public ConditionKey BuiltIn { get; } = KeyOf(key);

    public bool Negated { get; } = negated;

    public bool Holds(AuthorizationContext context)
    {
        var state = Test(context);
        return state switch
        {
            MatchState.Absent => Negated,
            MatchState.Matched => !Negated,
            _ => Negated,
        };
    }

    /// <summary>Whether the request value matches any of the clause's values, or is absent.</summary>
    protected abstract MatchState Test(AuthorizationContext context);

    protected string? TextOf(AuthorizationContext context) => context.TextOf(BuiltIn, Key);

    private static ConditionKey KeyOf(string key) =>
        key.Equals("acs:SourceIp", StringComparison.OrdinalIgnoreCase) ? ConditionKey.SourceIp
        : key.Equals("acs:CurrentTime", StringComparison.OrdinalIgnoreCase) ? ConditionKey.CurrentTime
        : key.Equals("acs:SecureTransport", StringComparison.OrdinalIgnoreCase) ? ConditionKey.SecureTransport
        : key.Equals("acs:MFAPresent", StringComparison.OrdinalIgnoreCase) ? ConditionKey.MfaPresent
        : ConditionKey.Other;

    protected enum MatchState
    {
        Absent,
        Matched,
        NotMatched,
    }

    internal sealed class StringClause(string key, bool negated, StringOperation operation, string[] values) : ConditionClause(key, negated)
    {
        private readonly Wildcard[] _patterns = operation is StringOperation.Like
            ? [.. values.Select(v => Wildcard.Compile(v, ignoreCase: false))]
            : [];

        protected override MatchState Test(AuthorizationContext context)
        {
            if (TextOf(context) is not { } actual)
            {
                return MatchState.Absent;
            }

            if (operation is StringOperation.Like)
            {
                foreach (var pattern in _patterns)
                {
                    if (pattern.IsMatch(actual))
                    {
                        return MatchState.Matched;
                    }
                }

                return MatchState.NotMatched;
            }

            var comparison = operation is StringOperation.EqualsIgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            foreach (var value in values)
            {
                if (string.Equals(actual, value, comparison))
                {
                    return MatchState.Matched;
                }
            }

            return MatchState.NotMatched;
        }
    }

    internal sealed class NumericClause(string key, bool negated, Comparison comparison, decimal[] values) : ConditionClause(key, negated)
    {
        protected override MatchState Test(AuthorizationContext context)
        {
            if (TextOf(context) is not { } text || !decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var actual))
            {
                return MatchState.Absent;
            }

            foreach (var value in values)
            {
                if (Compare(actual.CompareTo(value), comparison))
                {
                    return MatchState.Matched;
                }
            }

            return MatchState.NotMatched;
        }
    }

    internal sealed class DateClause(string key, bool negated, Comparison comparison, DateTimeOffset[] values) : ConditionClause(key, negated)
    {
        protected override MatchState Test(AuthorizationContext context)
        {
            DateTimeOffset actual;
            if (BuiltIn is ConditionKey.CurrentTime)
            {
                actual = context.CurrentTime;
            }
            else if (TextOf(context) is not { } text || !PolicyValues.TryParseDate(text, out actual))
            {
                return MatchState.Absent;
            }

            foreach (var value in values)
            {
                if (Compare(actual.CompareTo(value), comparison))
                {
                    return MatchState.Matched;
                }
            }

            return MatchState.NotMatched;
        }
    }

    internal sealed class BoolClause(string key, bool[] values) : ConditionClause(key, negated: false)
    {
        protected override MatchState Test(AuthorizationContext context)
        {
            bool actual;
            if (BuiltIn is ConditionKey.SecureTransport)
            {
                actual = context.SecureTransport;
            }
            else if (BuiltIn is ConditionKey.MfaPresent)
            {
                actual = context.MfaPresent;
            }
            else if (TextOf(context) is not { } text || !bool.TryParse(text, out actual))
            {
                return MatchState.Absent;
            }

            return Array.IndexOf(values, actual) >= 0 ? MatchState.Matched : MatchState.NotMatched;
        }
    }

    internal sealed class IpClause(string key, bool negated, IPNetwork[] networks) : ConditionClause(key, negated)
    {
        protected override MatchState Test(AuthorizationContext context)
        {
            var actual = BuiltIn is ConditionKey.SourceIp ? context.SourceIp : null;
            if (actual is null)
            {
                if (BuiltIn is ConditionKey.SourceIp || TextOf(context) is not { } text || !IPAddress.TryParse(text, out actual))
                {
                    return MatchState.Absent;
                }

                if (actual.IsIPv4MappedToIPv6)
                {
                    actual = actual.MapToIPv4();
                }
            }

            foreach (var network in networks)
            {
                if (network.Contains(actual))
                {
                    return MatchState.Matched;
                }
            }

            return MatchState.NotMatched;
        }
    }

    private static bool Compare(int order, Comparison comparison) => comparison switch
    {
        Comparison.Equal => order == 0,
        Comparison.LessThan => order < 0,
        Comparison.LessThanOrEqual => order <= 0,
        Comparison.GreaterThan => order > 0,
        _ => order >= 0,
    };

    internal enum StringOperation
    {
        Equals,
        EqualsIgnoreCase,
        Like,
    }

    internal enum Comparison
    {
        Equal,
        LessThan,
        LessThanOrEqual,
        GreaterThan,
        GreaterThanOrEqual,
    }
}
