using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class PaymentMethods : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Method",
                table: "payments",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "online");

            // Payments recorded before the column: the hosted pages' are online; the stores' and the window's say how.
            migrationBuilder.Sql("UPDATE payments SET \"Method\" = 'convenience' WHERE \"Provider\" = 'convenience'");
            migrationBuilder.Sql("UPDATE payments SET \"Method\" = COALESCE((SELECT e.\"Method\" FROM cashier_entries e WHERE e.\"PaymentId\" = payments.\"Id\" AND e.\"Amount\" > 0), 'cash') WHERE \"Provider\" = 'cashier'");

            migrationBuilder.CreateIndex(
                name: "IX_payments_Status_FinishedAt",
                table: "payments",
                columns: new[] { "Status", "FinishedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_payments_Status_FinishedAt",
                table: "payments");

            migrationBuilder.DropColumn(
                name: "Method",
                table: "payments");
        }
    }
}
