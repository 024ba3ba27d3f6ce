namespace Madoguchi.Features.Payments;

/// <summary>
/// The one state machine of a payment. Forward only: created → started → submitted → a finished state; a provider's
/// report that comes late (started after success, a duplicate) is not a move and changes nothing. Finished states are
/// final: once success is recorded, no later report can undo it (a refund is its own record).
/// </summary>
public static class PaymentMoves
{
    private static readonly Dictionary<PaymentStatus, PaymentStatus[]> Allowed = new()
    {
        [PaymentStatus.Created] = [PaymentStatus.Started, PaymentStatus.Submitted, PaymentStatus.Success, PaymentStatus.Failed, PaymentStatus.Cancelled, PaymentStatus.Error],
        [PaymentStatus.Started] = [PaymentStatus.Submitted, PaymentStatus.Success, PaymentStatus.Failed, PaymentStatus.Cancelled, PaymentStatus.Error],
        [PaymentStatus.Submitted] = [PaymentStatus.Success, PaymentStatus.Failed, PaymentStatus.Error],
        [PaymentStatus.Success] = [],
        [PaymentStatus.Failed] = [],
        [PaymentStatus.Cancelled] = [],
        [PaymentStatus.Error] = [],
    };

    public static bool IsFinished(PaymentStatus status) => Allowed[status].Length == 0;

    public static bool CanMove(PaymentStatus from, PaymentStatus to) => Allowed[from].Contains(to);

    /// <summary>Moves the payment if the move is allowed; false (and nothing changed) when it is not.</summary>
    public static bool Move(Payment payment, PaymentStatus to, string? failureCode, DateTime at)
    {
        if (!CanMove(payment.Status, to))
        {
            return false;
        }

        payment.Status = to;
        payment.FailureCode = to == PaymentStatus.Failed ? failureCode : null;
        payment.CheckedAt = at;
        if (IsFinished(to))
        {
            payment.FinishedAt = at;
            payment.NextUrl = null;
        }

        payment.Revision++;
        return true;
    }
}
