namespace Madoguchi.Features.Payments;

/// <summary>
/// What another feature does when one of its orders settles, in the same transaction as the change: a procedure's fee
/// paid releases its application to the back office; a fee left unpaid past its due date withdraws it. Payments knows
/// nothing of applications beyond the receipt number on the order; the follower decides.
/// </summary>
public interface IOrderFollower
{
    Task OrderPaidAsync(PaymentOrder order, DateTime at, CancellationToken cancellationToken);

    Task OrderLapsedAsync(PaymentOrder order, DateTime at, CancellationToken cancellationToken);
}
