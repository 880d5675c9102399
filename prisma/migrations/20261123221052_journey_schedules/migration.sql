-- CreateEnum
CREATE TYPE "ScheduleFireStatus" AS ENUM ('PENDING', 'DONE', 'SKIPPED');

-- CreateTable
CREATE TABLE "JourneySchedulePlan" (
    "versionId" UUID NOT NULL,
    "triggerNodeId" TEXT NOT NULL,
    "journeyId" UUID NOT NULL,
    "plannedThrough" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JourneySchedulePlan_pkey" PRIMARY KEY ("versionId","triggerNodeId")
);

-- CreateTable
CREATE TABLE "JourneyScheduleFire" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "journeyId" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "triggerNodeId" TEXT NOT NULL,
    "occurrence" TEXT NOT NULL,
    "fireAt" TIMESTAMP(3) NOT NULL,
    "zones" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "ScheduleFireStatus" NOT NULL DEFAULT 'PENDING',
    "cursor" UUID,
    "entered" INTEGER NOT NULL DEFAULT 0,
    "skipReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "JourneyScheduleFire_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "JourneySchedulePlan_journeyId_idx" ON "JourneySchedulePlan"("journeyId");

-- CreateIndex
CREATE INDEX "JourneyScheduleFire_status_fireAt_idx" ON "JourneyScheduleFire"("status", "fireAt");

-- CreateIndex
CREATE UNIQUE INDEX "JourneyScheduleFire_occurrence_key" ON "JourneyScheduleFire"("journeyId", "triggerNodeId", "occurrence", "fireAt");
