-- The movies whose ${role} changed in conformed_${role}.
select movie_id from changed.refined_conformed_${role}
