using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CashierWindow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cash_book_days",
                columns: table => new
                {
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Lines = table.Column<int>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Totals = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cash_book_days", x => x.Date);
                });

            migrationBuilder.CreateTable(
                name: "cashier_entries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    BusinessDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PaymentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Amount = table.Column<int>(type: "INTEGER", nullable: false),
                    Tendered = table.Column<int>(type: "INTEGER", nullable: true),
                    ReversesId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cashier_entries", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cashier_entries_BusinessDate",
                table: "cashier_entries",
                column: "BusinessDate");

            migrationBuilder.CreateIndex(
                name: "IX_cashier_entries_Number",
                table: "cashier_entries",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cashier_entries_ReversesId",
                table: "cashier_entries",
                column: "ReversesId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cash_book_days");

            migrationBuilder.DropTable(
                name: "cashier_entries");
        }
    }
}
