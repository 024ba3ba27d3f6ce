using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LineSubscribers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "line_events_seen",
                columns: table => new
                {
                    WebhookEventId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_line_events_seen", x => x.WebhookEventId);
                });

            migrationBuilder.CreateTable(
                name: "line_subscribers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LineUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Following = table.Column<bool>(type: "INTEGER", nullable: false),
                    FirstFollowedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UnfollowedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    StateAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_line_subscribers", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_line_events_seen_ReceivedAt",
                table: "line_events_seen",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_line_subscribers_Following",
                table: "line_subscribers",
                column: "Following");

            migrationBuilder.CreateIndex(
                name: "IX_line_subscribers_LineUserId",
                table: "line_subscribers",
                column: "LineUserId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "line_events_seen");

            migrationBuilder.DropTable(
                name: "line_subscribers");
        }
    }
}
