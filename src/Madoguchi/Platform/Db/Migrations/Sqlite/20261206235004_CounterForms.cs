using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CounterForms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "CompletedAt",
                table: "counter_visits",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FormAnswers",
                table: "counter_visits",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "InterviewedFields",
                table: "counter_visits",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PaperForms",
                table: "counter_visits",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PrefilledFields",
                table: "counter_visits",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReceiptNumbers",
                table: "counter_visits",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CompletedAt",
                table: "counter_visits");

            migrationBuilder.DropColumn(
                name: "FormAnswers",
                table: "counter_visits");

            migrationBuilder.DropColumn(
                name: "InterviewedFields",
                table: "counter_visits");

            migrationBuilder.DropColumn(
                name: "PaperForms",
                table: "counter_visits");

            migrationBuilder.DropColumn(
                name: "PrefilledFields",
                table: "counter_visits");

            migrationBuilder.DropColumn(
                name: "ReceiptNumbers",
                table: "counter_visits");
        }
    }
}
