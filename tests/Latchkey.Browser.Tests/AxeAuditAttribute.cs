using System.Reflection;
using Xunit.Sdk;

[assembly: Latchkey.Browser.Tests.AxeAudit]

namespace Latchkey.Browser.Tests;

/// <summary>Runs <see cref="AxeAudit"/> around every test of the assembly: a violation fails the test that visited the page.</summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AxeAuditAttribute : BeforeAfterTestAttribute
{
    public override void Before(MethodInfo methodUnderTest) => AxeAudit.Begin();

    public override void After(MethodInfo methodUnderTest)
    {
        var audit = AxeAudit.Current;
        AxeAudit.End();
        // Off xunit's synchronization context, so that Playwright's continuations cannot wait on this thread.
        var failure = audit is null ? null : Task.Run(audit.FinishAsync).GetAwaiter().GetResult();
        if (failure is not null)
        {
            throw new XunitException(failure);
        }
    }
}
