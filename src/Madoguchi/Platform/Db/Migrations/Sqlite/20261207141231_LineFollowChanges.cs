using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LineFollowChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "line_follow_changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SubscriberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Following = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_line_follow_changes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_line_follow_changes_At",
                table: "line_follow_changes",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_line_follow_changes_SubscriberId",
                table: "line_follow_changes",
                column: "SubscriberId");

            // The history so far, from what the subscribers remember: their first follow and their last unfollow.
            migrationBuilder.Sql("INSERT INTO line_follow_changes (\"SubscriberId\", \"At\", \"Following\") SELECT \"Id\", \"FirstFollowedAt\", 1 FROM line_subscribers;");
            migrationBuilder.Sql("INSERT INTO line_follow_changes (\"SubscriberId\", \"At\", \"Following\") SELECT \"Id\", \"UnfollowedAt\", 0 FROM line_subscribers WHERE \"UnfollowedAt\" IS NOT NULL AND NOT \"Following\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "line_follow_changes");
        }
    }
}
