using System.Globalization;

namespace Latchkey.Signing.Tests.Fuzz;

/// <summary>How many cases a fuzz test runs: its default, or <c>LATCHKEY_FUZZ_CASES</c> for a long run.</summary>
internal static class FuzzBudget
{
    public static int Cases(int defaultCases) =>
        int.TryParse(Environment.GetEnvironmentVariable("LATCHKEY_FUZZ_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out var cases) && cases > 0
            ? cases
            : defaultCases;
}
