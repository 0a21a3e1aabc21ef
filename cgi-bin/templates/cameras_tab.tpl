{{%AUTOESCAPE context="HTML"}}
<section class="tab-cameras" data-tab="cameras" data-user-id="{{USER_ID}}">
  {{#PAUSED}}<p class="notice notice-paused" role="note">This user is paused by billing: its cameras are blocked — no live view and no archive — until billing unpauses it.</p>{{/PAUSED}}
  {{#OUTSIDE_SCOPE}}<p class="notice notice-scope" id="outside-scope" role="note">{{N}} more {{#ONE}}camera of this user is{{/ONE}}{{#MANY}}cameras of this user are{{/MANY}} outside your scope and not shown; a superadmin can see them.</p>{{/OUTSIDE_SCOPE}}
  <ul class="status-counts" aria-label="Cameras per status">
    <li><a href="{{ALL_HREF}}" class="count-all{{#ALL_CURRENT}} current{{/ALL_CURRENT}}" data-status="">All <span class="count">{{TOTAL}}</span></a></li>
    {{#COUNT}}<li><a href="{{HREF}}" class="count-status{{#CURRENT}} current{{/CURRENT}}" data-status="{{STATUS}}"><span class="badge badge-{{STATUS}}">{{WORD}}</span> <span class="count">{{N}}</span></a></li>
    {{/COUNT}}
  </ul>
  <form method="get" action="{{ACTION}}" class="filters" role="search" id="cameras-filter">
    <input type="search" name="q" value="{{Q}}" maxlength="255" placeholder="Camera ID or name" aria-label="Search cameras by ID or name">
    <label>Status
      <select name="status">
        <option value="">All statuses</option>
        {{#STATUS_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
        {{/STATUS_OPTION}}
      </select>
    </label>
    {{>LIMIT}}
    <button type="submit">Apply</button>
    <a href="{{CSV_HREF}}" class="download" download>Download CSV</a>
  </form>
  <table class="grid" id="cameras-table">
    {{>THEAD}}
    <tbody>
    {{#ROW}}
      <tr data-camera-id="{{ID}}">
        <td>{{ID}}</td>
        <td><a href="/admin/cameras/{{ID}}?from={{USER_ID}}#general" class="camera">{{NAME}}</a></td>
        <td><span class="badge badge-{{STATUS}}" data-status="{{STATUS}}">{{STATUS_WORD}}</span>{{#BLOCKED}} <span class="badge badge-blocked">blocked</span>{{/BLOCKED}}</td>
        <td>{{#LOCATION}}<a href="/admin/cameras/{{ID}}?from={{USER_ID}}#general" class="location">{{ADDRESS}}</a>{{/LOCATION}}</td>
      </tr>
    {{/ROW}}
    {{#EMPTY}}<tr><td colspan="4" class="empty">No cameras to show.</td></tr>{{/EMPTY}}
    </tbody>
  </table>
  {{>PAGER}}
</section>
