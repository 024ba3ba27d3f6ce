using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PaymentSettlements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "payment_settlements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    LineId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    OurId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    PaymentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RefundId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Gross = table.Column<int>(type: "INTEGER", nullable: false),
                    Fee = table.Column<int>(type: "INTEGER", nullable: false),
                    Net = table.Column<int>(type: "INTEGER", nullable: false),
                    SettledAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ImportedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Mismatch = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payment_settlements", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_payment_settlements_PaymentId",
                table: "payment_settlements",
                column: "PaymentId");

            migrationBuilder.CreateIndex(
                name: "IX_payment_settlements_Provider_LineId",
                table: "payment_settlements",
                columns: new[] { "Provider", "LineId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_payment_settlements_SettledAt",
                table: "payment_settlements",
                column: "SettledAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "payment_settlements");
        }
    }
}
