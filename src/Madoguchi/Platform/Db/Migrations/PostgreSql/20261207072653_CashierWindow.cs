using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.PostgreSql
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
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Lines = table.Column<int>(type: "integer", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    Totals = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cash_book_days", x => x.Date);
                });

            migrationBuilder.CreateTable(
                name: "cashier_entries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    BusinessDate = table.Column<DateOnly>(type: "date", nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    PaymentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Method = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Amount = table.Column<int>(type: "integer", nullable: false),
                    Tendered = table.Column<int>(type: "integer", nullable: true),
                    ReversesId = table.Column<Guid>(type: "uuid", nullable: true),
                    Reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false)
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
