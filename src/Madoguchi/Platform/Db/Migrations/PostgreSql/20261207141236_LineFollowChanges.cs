using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.PostgreSql
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SubscriberId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Following = table.Column<bool>(type: "boolean", nullable: false)
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
            migrationBuilder.Sql("INSERT INTO line_follow_changes (\"SubscriberId\", \"At\", \"Following\") SELECT \"Id\", \"FirstFollowedAt\", true FROM line_subscribers;");
            migrationBuilder.Sql("INSERT INTO line_follow_changes (\"SubscriberId\", \"At\", \"Following\") SELECT \"Id\", \"UnfollowedAt\", false FROM line_subscribers WHERE \"UnfollowedAt\" IS NOT NULL AND NOT \"Following\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "line_follow_changes");
        }
    }
}
