using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class LineSandbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "line_sandbox_requests",
                columns: table => new
                {
                    RequestId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    RetryKey = table.Column<Guid>(type: "uuid", nullable: true),
                    Endpoint = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Recipients = table.Column<int>(type: "integer", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Month = table.Column<int>(type: "integer", nullable: false),
                    AcceptedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_line_sandbox_requests", x => x.RequestId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_line_sandbox_requests_Month",
                table: "line_sandbox_requests",
                column: "Month");

            migrationBuilder.CreateIndex(
                name: "IX_line_sandbox_requests_RetryKey",
                table: "line_sandbox_requests",
                column: "RetryKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "line_sandbox_requests");
        }
    }
}
