using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ConvenienceSlips : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "SlipReissues",
                table: "payment_orders",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "convenience_collections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Key = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Barcode = table.Column<string>(type: "character varying(44)", maxLength: 44, nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: true),
                    PaymentId = table.Column<Guid>(type: "uuid", nullable: true),
                    Amount = table.Column<int>(type: "integer", nullable: false),
                    CollectedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Store = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    ReportedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ConfirmedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Mismatch = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_convenience_collections", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_convenience_collections_CollectedAt",
                table: "convenience_collections",
                column: "CollectedAt");

            migrationBuilder.CreateIndex(
                name: "IX_convenience_collections_Key",
                table: "convenience_collections",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_convenience_collections_OrderId",
                table: "convenience_collections",
                column: "OrderId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "convenience_collections");

            migrationBuilder.DropColumn(
                name: "SlipReissues",
                table: "payment_orders");
        }
    }
}
